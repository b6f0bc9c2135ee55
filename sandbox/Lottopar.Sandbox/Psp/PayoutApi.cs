using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Lottopar.Sandbox.Psp;

/// <summary>Faults armed for the sandbox PSP's payouts; "depois_de_executar" sends the PIX, then fails the answer.</summary>
public sealed class PayoutFaults : SimulatedFaults;

/// <summary>
/// The sandbox PSP's payout side, in the API Pix's style (docs/integracao-pagamentos.md, "Interface de
/// pagamentos do PSP"): <c>GET v2/dict/{chave}</c> (who holds a PIX key, as the DICT answers a
/// participant), <c>PUT v2/pagamentos/{idEnvio}</c> (send a PIX to a key; the id is the sender's, so
/// asking again answers the same PIX and sends nothing twice; the receiving bank refuses it when the
/// key's holder is not the CPF named), <c>GET v2/pagamentos/{idEnvio}</c> and <c>GET v2/pagamentos</c>.
/// After each PIX sent or returned it posts <c>{webhookUrl}/pagamentos</c>.
/// </summary>
public static class PayoutApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static RouteGroupBuilder MapPayoutApi(this RouteGroupBuilder group)
    {
        group.MapGet("/v2/dict/{chave}", LookupAsync);
        group.MapPut("/v2/pagamentos/{idEnvio}", SendAsync);
        group.MapGet("/v2/pagamentos/{idEnvio}", GetAsync);
        group.MapGet("/v2/pagamentos", ListAsync);
        return group;
    }

    private static async Task<IResult> LookupAsync(string chave, HttpContext context, PspTokens tokens, PixKeyDirectory directory)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is null)
        {
            return PixProblems.Unauthorized();
        }

        return await directory.FindAsync(chave, context.RequestAborted) is { } entry
            ? Results.Json(new
            {
                chave = entry.Chave,
                tipoChave = entry.Tipo,
                titular = new { cpf = entry.Cpf, nome = entry.Nome },
                conta = new { ispb = entry.Ispb, agencia = entry.Agencia, numero = entry.Conta, tipoConta = "CACC" },
            }, Json)
            : PixProblems.Of(404, "ChaveNaoEncontrada", "Chave não encontrada.", "A chave Pix não está registrada no DICT.");
    }

    private static async Task<IResult> SendAsync(
        string idEnvio, HttpContext context, PspTokens tokens, PayoutStore store, PixKeyDirectory directory, PayoutFaults faults, PspPayer payer,
        PspStore accounts, IOptions<PspOptions> options, TimeProvider clock)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is not { } account)
        {
            return PixProblems.Unauthorized();
        }

        var fault = faults.Take();
        if (fault is { AfterExecuting: false })
        {
            await Task.Delay(fault.Delay, context.RequestAborted);
            return PixProblems.Of(fault.Status, "ServicoIndisponivel", "Serviço indisponível", "Falha simulada pelo sandbox.");
        }

        var body = await JsonBodies.ReadAsync(context);
        var chave = JsonBodies.Text(body?["chave"]);
        var cpf = JsonBodies.Text(body?["cpfFavorecido"]);
        var violations = new List<(string, string)>();
        if (idEnvio.Length is 0 or > 35 || !idEnvio.All(char.IsAsciiLetterOrDigit))
        {
            violations.Add(("idEnvio", "[a-zA-Z0-9]{1,35}"));
        }

        if (!PixValues.TryParseAmount(JsonBodies.Text(body?["valor"]), out var centavos) || centavos == 0)
        {
            violations.Add(("pagamento.valor", "\\d{1,10}\\.\\d{2}, maior que zero"));
        }

        if (string.IsNullOrEmpty(chave) || chave.Length > 77)
        {
            violations.Add(("pagamento.chave", "obrigatória (até 77 caracteres)"));
        }

        if (cpf is not { Length: 11 } || !cpf.All(char.IsAsciiDigit))
        {
            violations.Add(("pagamento.cpfFavorecido", "11 dígitos"));
        }

        if (violations.Count > 0)
        {
            return PixProblems.Of(400, "PagamentoOperacaoInvalida", "Pagamento inválido.", "A requisição de pagamento não respeita o schema.", [.. violations]);
        }

        // The receiving bank checks the key's holder against the CPF the sender named: another person's key is refused, nothing moves.
        var entry = await directory.FindAsync(chave!, context.RequestAborted);
        var (status, motivo) = entry is null ? (PayoutStore.NaoRealizado, "CHAVE_INEXISTENTE")
            : entry.Cpf != cpf ? (PayoutStore.NaoRealizado, "TITULAR_DIVERGENTE")
            : (PayoutStore.Realizado, (string?)null);
        var now = clock.GetUtcNow();
        var candidate = new Pagamento(account.Chave, idEnvio, PixValues.NewEndToEndId(options.Value.PayerIspb, now), chave!, cpf!, centavos, status, motivo, now,
            JsonBodies.Text(body?["infoPagador"]), null);
        var (pagamento, created) = await store.SendAsync(candidate, context.RequestAborted);
        if (!created && (pagamento.Centavos != centavos || pagamento.ChaveFavorecido != chave || pagamento.CpfFavorecido != cpf))
        {
            return PixProblems.Of(400, "PagamentoOperacaoInvalida", "Pagamento inválido.", "Já existe um pagamento com este idEnvio e outros dados.", ("idEnvio", "já utilizado"));
        }

        if (created)
        {
            payer.NotifyPayout((await accounts.AccountByChaveAsync(account.Chave, context.RequestAborted))?.WebhookUrl, pagamento);
        }

        if (fault is { AfterExecuting: true })
        {
            await Task.Delay(fault.Delay, context.RequestAborted);
            return PixProblems.Of(fault.Status, "ServicoIndisponivel", "Serviço indisponível", "Falha simulada pelo sandbox (o pagamento foi feito).");
        }

        return Results.Json(View(pagamento), Json, statusCode: created ? 201 : 200);
    }

    private static async Task<IResult> GetAsync(string idEnvio, HttpContext context, PspTokens tokens, PayoutStore store)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is not { } account)
        {
            return PixProblems.Unauthorized();
        }

        return await store.FindAsync(account.Chave, idEnvio, context.RequestAborted) is { } pagamento
            ? Results.Json(View(pagamento), Json)
            : PixProblems.Of(404, "PagamentoNaoEncontrado", "Pagamento não encontrado.", "Nenhum pagamento com este idEnvio.");
    }

    private static async Task<IResult> ListAsync(HttpContext context, PspTokens tokens, PayoutStore store, DateTimeOffset? inicio, DateTimeOffset? fim)
    {
        if (tokens.AccountOf(context.Request.Headers.Authorization) is not { } account)
        {
            return PixProblems.Unauthorized();
        }

        if (inicio is null || fim is null || fim < inicio)
        {
            return PixProblems.Of(400, "RequisicaoInvalida", "Requisição inválida.", "Os parâmetros inicio e fim são obrigatórios, fim depois de inicio.",
                ("inicio", "obrigatório (RFC 3339)"), ("fim", "obrigatório (RFC 3339)"));
        }

        var list = await store.ListAsync(account.Chave, inicio.Value, fim.Value, context.RequestAborted);
        return Results.Json(new { parametros = new { inicio, fim }, pagamentos = list.Select(View) }, Json);
    }

    public static object View(Pagamento pagamento) => new
    {
        idEnvio = pagamento.IdEnvio,
        endToEndId = pagamento.EndToEndId,
        valor = PixValues.Amount(pagamento.Centavos),
        chave = pagamento.ChaveFavorecido,
        status = pagamento.Status,
        motivo = pagamento.Motivo,
        horario = pagamento.Horario,
        devolvidoEm = pagamento.DevolvidoEm,
    };
}

/// <summary>
/// The sandbox's DICT: keys registered through its controls, and every valid CPF as a key of its own
/// holder (named as the sandbox tax registry names that CPF), so a player's CPF is always a key.
/// </summary>
public sealed class PixKeyDirectory(PayoutStore store, TaxRegistryStore registry)
{
    public const string BankIspb = "99999010";

    public async Task<DictEntry?> FindAsync(string chave, CancellationToken cancellationToken)
    {
        if (await store.FindKeyAsync(chave, cancellationToken) is { } entry)
        {
            return entry;
        }

        if (!SandboxCpf.IsValid(chave))
        {
            return null;
        }

        var holder = await registry.FindAsync(chave, cancellationToken) ?? SandboxCpf.Generated(chave);
        return holder.Inexistente ? null : new DictEntry(chave, "CPF", chave, holder.Nome ?? "", BankIspb, "0001", chave[..8]);
    }

    /// <summary>The DICT's key types: CPF, EMAIL, TELEFONE (+55...), EVP (a random UUID); null for none of them.</summary>
    public static string? TypeOf(string chave) =>
        SandboxCpf.IsValid(chave) ? "CPF"
        : chave.Length <= 77 && chave.Contains('@', StringComparison.Ordinal) ? "EMAIL"
        : chave.Length is >= 3 and <= 15 && chave[0] == '+' && chave[1..].All(char.IsAsciiDigit) ? "TELEFONE"
        : Guid.TryParseExact(chave, "D", out _) ? "EVP"
        : null;
}
