using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Common;
using Npgsql;

namespace Lottopar.Silo.Integrity;

/// <summary>
/// A suspicious-transaction case in the layout LOTTOPAR files with COAF (docs/coaf-export.md,
/// docs/coaf-export.xsd): the case, the people involved (players by CPF and name, operators by CNPJ),
/// each operation the alerts rest on with its amount, and the analysts' account of it.
/// </summary>
public sealed class CoafExport(NpgsqlDataSource dataSource, IntegrityAlertStore alerts, Orleans.IGrainFactory grains, PersonalGrainKeys keys, TimeProvider clock)
{
    public static readonly XNamespace Ns = "urn:lottopar:coaf:1";

    /// <summary>The categories a case must have to be reported to COAF.</summary>
    public static readonly IReadOnlySet<CaseCategory> Reportable = new HashSet<CaseCategory> { CaseCategory.MoneyLaundering, CaseCategory.MatchFixing, CaseCategory.Fraud };

    public async Task<XDocument> ExportAsync(CaseView found, CancellationToken cancellationToken)
    {
        if (found.Category is not { } category || !Reportable.Contains(category))
        {
            throw new DomainConflictException("category", "Only a case classified as money_laundering, match_fixing or fraud is reported to COAF: classify it first.");
        }

        var views = new List<AlertView>();
        foreach (var alert in found.Alerts)
        {
            if (await alerts.FindAsync(alert.AlertId, cancellationToken) is { } stored)
            {
                views.Add(stored.Alert);
            }
        }

        var evidence = views.SelectMany(v => v.Evidence.Select(e => (Alert: v, Evidence: e))).DistinctBy(p => (p.Evidence.Kind, p.Evidence.Id)).OrderBy(p => p.Evidence.At).ToList();
        var amounts = await AmountsAsync(evidence.Select(p => p.Evidence).ToList(), cancellationToken);
        var involved = await InvolvedAsync(views);
        var first = evidence.Count > 0 ? evidence[0].Evidence.At : found.OpenedAt;
        var last = evidence.Count > 0 ? evidence[^1].Evidence.At : found.OpenedAt;

        return new XDocument(new XElement(Ns + "comunicacao", new XAttribute("versao", "1"),
            E("gerada_em", Local(clock.GetUtcNow())),
            new XElement(Ns + "comunicante", E("nome", "LOTTOPAR - Loteria do Estado do Paraná"), E("segmento", "Loterias e apostas de quota fixa")),
            new XElement(Ns + "ocorrencia",
                E("numero", found.Id.ToString()),
                E("titulo", found.Title),
                E("categoria", ContractNames.Of(category)),
                E("data_inicio", Day(first)),
                E("data_fim", Day(last)),
                E("valor_total", amounts.Values.Sum().ToString(CultureInfo.InvariantCulture)),
                new XElement(Ns + "envolvidos", involved),
                new XElement(Ns + "operacoes", evidence.Select(p => new XElement(Ns + "operacao",
                    E("tipo", p.Evidence.Kind),
                    E("id", p.Evidence.Id),
                    E("data_hora", Local(p.Evidence.At)),
                    amounts.TryGetValue((p.Evidence.Kind, p.Evidence.Id), out var amount) ? E("valor", amount.ToString(CultureInfo.InvariantCulture)) : null,
                    E("regra", p.Alert.Rule),
                    E("descricao", p.Evidence.Detail)))),
                new XElement(Ns + "alertas", views.Select(v => new XElement(Ns + "alerta", E("id", v.Id.ToString()), E("regra", v.Rule), E("resumo", v.Summary)))),
                E("informacoes_adicionais", Account(found, views)))));
    }

    /// <summary>The players (by CPF, with the name an operator reported) and the operators (by CNPJ) the alerts are about.</summary>
    private async Task<List<XElement>> InvolvedAsync(IReadOnlyList<AlertView> views)
    {
        var involved = new List<XElement>();
        foreach (var cpf in views.Select(v => v.Cpf).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            involved.Add(new XElement(Ns + "envolvido", new XAttribute("tipo", "titular"), E("tipo_pessoa", "F"), E("cpf_cnpj", cpf),
                await NameOfAsync(cpf) is { } name ? E("nome", name) : null));
        }

        foreach (var oprid in views.Select(v => v.Subject.Oprid).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var operatorView = await grains.Keyed<IOperatorGrain>(oprid).GetAsync();
            involved.Add(new XElement(Ns + "envolvido", new XAttribute("tipo", "operador"), E("tipo_pessoa", "J"), E("cpf_cnpj", operatorView.Cnpj),
                E("nome", operatorView.LegalName), E("oprid", oprid)));
        }

        return involved;
    }

    /// <summary>The player's name as an operator reported it in its vault files, if any did.</summary>
    private async Task<string?> NameOfAsync(string cpf)
    {
        if (await grains.Keyed<IPlayerGrain>(keys.Player(cpf)).InspectAsync(cpf) is not { } json)
        {
            return null;
        }

        using var state = JsonDocument.Parse(json);
        return state.RootElement.TryGetProperty("profiles", out var profiles) && profiles.ValueKind == JsonValueKind.Object
            ? profiles.EnumerateObject().Select(p => p.Value.TryGetProperty("name", out var name) ? name.GetString() : null).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n))
            : null;
    }

    /// <summary>The amounts of the operations that have one: a betting event's total stake, a payment's amount.</summary>
    private async Task<Dictionary<(string Kind, string Id), long>> AmountsAsync(IReadOnlyList<AlertEvidence> evidence, CancellationToken cancellationToken)
    {
        var amounts = new Dictionary<(string, string), long>();
        var events = evidence.Where(e => e.Kind == AlertEvidence.BettingEvent && Guid.TryParse(e.Id, out _)).Select(e => Guid.Parse(e.Id)).ToArray();
        if (events.Length > 0)
        {
            await using var command = dataSource.CreateCommand("select event_id::text, (payload->'event'->>'totalStake')::bigint from betting_events where event_id = any($1)");
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = events });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                amounts[(AlertEvidence.BettingEvent, reader.GetString(0))] = reader.GetInt64(1);
            }
        }

        var payments = evidence.Where(e => e.Kind == AlertEvidence.Payment).Select(e => e.Id).ToArray();
        if (payments.Length > 0)
        {
            await using var command = dataSource.CreateCommand(
                "select grain_key, (state->>'amount')::bigint from grain_state where grain_type in ('cash_in', 'cash_out') and grain_key = any($1)");
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = payments });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                amounts[(AlertEvidence.Payment, reader.GetString(0))] = reader.GetInt64(1);
            }
        }

        return amounts;
    }

    /// <summary>The analysts' account: the alerts' summaries, the case's comments and its reports to authorities, in order.</summary>
    private static string Account(CaseView found, IReadOnlyList<AlertView> views)
    {
        var lines = new List<string> { found.Title };
        lines.AddRange(views.Select(v => $"Alerta {v.Rule}: {v.Summary}"));
        lines.AddRange(found.Timeline.Where(e => e.Kind is "comment" or "escalated" or "reported").Select(e => $"{Local(e.At)} {e.Kind}: {e.Text}"));
        return string.Join("\n", lines);
    }

    private static XElement? E(string name, string? value) => value is null ? null : new XElement(Ns + name, value);

    private static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, BrasiliaTime.Zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset at) => BrasiliaTime.Today(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
