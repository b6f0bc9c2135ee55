using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>
/// Rule 8 (and, for prizes, the 120-minute deadline of rule 9): each hour of an operator's vault
/// against what the platform itself recorded in that hour. One alert per operator and rule; each
/// difference is a piece of its evidence, with both sides shown.
/// </summary>
public abstract class ReconciliationRule : OperatorReconciliationRule
{
    public const string ToleranceSeconds = "tolerance_seconds";

    /// <summary>What the platform's side is called in the texts: "API" or "PSP".</summary>
    protected abstract string PlatformName { get; }

    /// <summary>The same with its article ("a API", "o PSP") and with "in" ("na API", "no PSP").</summary>
    protected abstract (string The, string In) PlatformWords { get; }

    public override TimeSpan Tolerance(RuleSetting setting) => TimeSpan.FromSeconds(setting[ToleranceSeconds]);

    public override RuleHit? Evaluate(ReconciliationSides sides, IReadOnlyList<ReconciliationDifference> differences, RuleSetting setting)
    {
        ArgumentNullException.ThrowIfNull(sides);
        ArgumentNullException.ThrowIfNull(differences);
        if (differences.Count == 0)
        {
            return null;
        }

        var counts = string.Join(", ", differences.GroupBy(d => d.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {Explain(g.Key)}"));
        var summary = $"Hora de {Evidence.Instant(sides.Hour)}: {differences.Count} diferença(s) entre {PlatformWords.The} e o cofre ({counts})";
        return new RuleHit(summary, [.. differences.Select(d => new AlertEvidence(
            AlertEvidence.Reconciliation,
            $"{(d.Platform ?? d.Vault)!.Kind}:{d.Key}:{d.Kind}",
            (d.Platform ?? d.Vault)!.At,
            $"{Thing((d.Platform ?? d.Vault)!.Kind)} {d.Key}: {Explain(d.Kind)}. {PlatformName}: {Side(d.Platform)}; cofre: {Side(d.Vault)}"))]);
    }

    /// <summary>A difference's kind as people read it.</summary>
    protected virtual string Explain(string kind) => kind switch
    {
        ReconciliationDifference.MissingInVault => "ausente no cofre",
        ReconciliationDifference.MissingOnPlatform => $"ausente {PlatformWords.In}",
        ReconciliationDifference.AmountDiffers => "valores diferentes",
        ReconciliationDifference.Late => "depois do prazo",
        _ => "horários diferentes",
    };

    protected static RuleParameterView ToleranceParameter(long @default) =>
        Parameter(ToleranceSeconds, "segundos", @default, 0, 3_600, "Diferença máxima entre os horários dos dois lados para a mesma operação (relógios de sistemas diferentes).");

    private static string Thing(string kind) => kind switch
    {
        "bet" => "Aposta do bilhete",
        "win" => "Prêmio do bilhete",
        "deposit" => "Depósito",
        "withdrawal" => "Saque",
        _ => kind,
    };

    private static string Side(ReconciledItem? item) =>
        item is null ? "ausente" : $"{Evidence.Money(item.Amount)} em {Evidence.Instant(item.At)} ({item.Reference})";
}

/// <summary>Every new_bet sent to the API is a bet record in the vault, at the same time and with the same stake, and vice versa.</summary>
public sealed class VaultBetReconciliationRule : ReconciliationRule
{
    public override string Id => "vault_bet_reconciliation";

    public override string Title => "Apostas da API diferentes das do cofre";

    public override string Description =>
        "Para cada hora do cofre, os new_bet enviados por POST /betting-events e os registros bet dos arquivos (com correções e anulações), casados pelo bet_slip_id: " +
        "um bilhete que falta de um lado, um valor (total_stake) diferente ou horários afastados mais que a tolerância. Bilhetes cancelados pela API (cancellation) não entram.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override ReconciliationChannel Channel => ReconciliationChannel.Bets;

    public override IReadOnlyList<RuleParameterView> Parameters => [ToleranceParameter(300)];

    protected override string PlatformName => "API";

    protected override (string The, string In) PlatformWords => ("a API", "na API");
}

/// <summary>Every PIX the platform settled through the PSP is a completed deposit or withdrawal in the vault, with the same amount, and vice versa.</summary>
public sealed class VaultPaymentReconciliationRule : ReconciliationRule
{
    public override string Id => "vault_payment_reconciliation";

    public override string Title => "Pagamentos do PSP diferentes dos do cofre";

    public override string Description =>
        "Para cada hora do cofre, os PIX que a plataforma liquidou no PSP do operador (depósitos recebidos e saques pagos) e os registros deposit e withdrawal com result completed, " +
        "casados pelo endToEndId: um PIX que falta de um lado, um valor diferente ou horários afastados mais que a tolerância.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.High;

    public override ReconciliationChannel Channel => ReconciliationChannel.Payments;

    public override IReadOnlyList<RuleParameterView> Parameters => [ToleranceParameter(300)];

    protected override string PlatformName => "PSP";

    protected override (string The, string In) PlatformWords => ("o PSP", "no PSP");
}

/// <summary>
/// Every result with winnings sent to the API is a win record in the vault (the prize credited to the
/// player) within the deadline after the result, with the same amount; and every win record has its result.
/// </summary>
public sealed class PrizePaymentDeadlineRule : ReconciliationRule
{
    public const string DeadlineMinutes = "deadline_minutes";

    public override string Id => "prize_payment_deadline";

    public override string Title => "Prêmio não creditado no prazo";

    public override string Description =>
        "Cada result com ganhos (soma de amount_won das seleções) enviado por POST /betting-events deve ter o seu registro win no cofre (o prêmio creditado ao jogador) " +
        "até o prazo depois do result, com o mesmo valor; e cada win do cofre, o seu result na API. Conta o último result de cada bilhete.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.High;

    public override ReconciliationChannel Channel => ReconciliationChannel.Wins;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        Parameter(DeadlineMinutes, "minutos", 120, 1, 1_440, "Prazo para creditar o prêmio depois do resultado."),
        ToleranceParameter(60),
    ];

    protected override string PlatformName => "API";

    protected override (string The, string In) PlatformWords => ("a API", "na API");

    public override TimeSpan Delay(RuleSetting setting) => TimeSpan.FromMinutes(setting[DeadlineMinutes]);

    protected override string Explain(string kind) => kind switch
    {
        ReconciliationDifference.MissingInVault => "prêmio não creditado no prazo (sem win no cofre)",
        ReconciliationDifference.Late => "prêmio creditado depois do prazo",
        ReconciliationDifference.TimeDiffers => "prêmio creditado antes do resultado",
        _ => base.Explain(kind),
    };
}
