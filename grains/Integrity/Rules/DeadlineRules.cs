using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Common;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>Rule 9: a bet's result not sent within the configured time after its sporting events ended.</summary>
public sealed class ResultNotSentRule : DeadlineRule
{
    public const string DeadlineHours = "deadline_hours";

    public override string Id => "result_not_sent";

    public override string Title => "Resultado de aposta não enviado no prazo";

    public override string Description =>
        "Um new_bet cujo evento esportivo terminou (o maior event_end_time das seleções; sem ele, o maior event_start_time; sem nenhum, o event_date do new_bet) " +
        "há mais que o prazo e cujo bilhete não recebeu result nem cancellation por POST /betting-events.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override ObligationKind Obligation => ObligationKind.ResultReport;

    public override IReadOnlyList<RuleParameterView> Parameters =>
        [Parameter(DeadlineHours, "horas", 24, 1, 720, "Prazo para enviar o resultado depois do fim do evento.")];

    public override TimeSpan Longest(RuleSetting setting) => TimeSpan.FromHours(setting[DeadlineHours]);

    public override AlertEvidence Describe(OpenObligation obligation, DateTimeOffset dueAt) =>
        new(AlertEvidence.BetSlip, obligation.Key, obligation.Since,
            $"Bilhete {obligation.Key} ({obligation.Detail}): evento encerrado em {Evidence.Instant(obligation.Since)}, resultado devido até {Evidence.Instant(dueAt)}");

    public override string Summarize(IReadOnlyList<OpenObligation> overdue, RuleSetting setting) =>
        $"{overdue.Count} bilhete(s) sem resultado {setting[DeadlineHours]} h depois do fim do evento";
}

/// <summary>Rule 9: a winning lottery ticket not claimed (registered as paid) within the days after its draw.</summary>
public sealed class LotteryPrizeUnclaimedRule : DeadlineRule
{
    public const string ClaimDays = "claim_days";

    public override string Id => "lottery_prize_unclaimed";

    public override string Title => "Prêmio de loteria não reclamado no prazo";

    public override string Description =>
        "Um bilhete vendido pelos terminais, premiado pelo resultado publicado dos seus sorteios, que não foi registrado como pago (webSale, operação 2) " +
        "até o prazo depois da publicação do resultado. O prêmio prescrito é informado à LOTTOPAR.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override ObligationKind Obligation => ObligationKind.LotteryPrizeClaim;

    public override IReadOnlyList<RuleParameterView> Parameters =>
        [Parameter(ClaimDays, "dias", 90, 1, 365, "Prazo para reclamar o prêmio depois da publicação do resultado.")];

    public override TimeSpan Longest(RuleSetting setting) => TimeSpan.FromDays(setting[ClaimDays]);

    public override AlertEvidence Describe(OpenObligation obligation, DateTimeOffset dueAt) =>
        new(AlertEvidence.LotteryTicket, obligation.Key, obligation.Since,
            $"Bilhete {obligation.Key} ({obligation.Detail}): prêmio de {Evidence.Money(obligation.Amount)} publicado em {Evidence.Instant(obligation.Since)}, não reclamado até {Evidence.Instant(dueAt)}");

    public override string Summarize(IReadOnlyList<OpenObligation> overdue, RuleSetting setting) =>
        $"{overdue.Count} prêmio(s) de loteria não reclamado(s) em {setting[ClaimDays]} dias, {Evidence.Money(overdue.Sum(o => o.Amount))} no total";
}

/// <summary>Rule 9: an account a player asked to close (in the vault's records) not closed within the days after the request.</summary>
public sealed class AccountNotClosedRule : DeadlineRule
{
    public const string DeadlineDays = "deadline_days";

    public override string Id => "account_not_closed";

    public override string Title => "Conta não encerrada no prazo";

    public override string Description =>
        "Um registro registration ou registration_update do cofre com account_status closure_requested (o jogador pediu o encerramento da conta) " +
        "sem um registro posterior com status closed até o prazo. Um status active posterior retira o pedido; outro pedido com um já aberto não reinicia o prazo.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override ObligationKind Obligation => ObligationKind.AccountClosure;

    public override IReadOnlyList<RuleParameterView> Parameters =>
        [Parameter(DeadlineDays, "dias", 3, 1, 30, "Prazo para encerrar a conta depois do pedido.")];

    public override TimeSpan Longest(RuleSetting setting) => TimeSpan.FromDays(setting[DeadlineDays]);

    public override AlertEvidence Describe(OpenObligation obligation, DateTimeOffset dueAt) =>
        new(AlertEvidence.VaultRecord, obligation.Key, obligation.Since,
            $"Registro {obligation.Key} ({obligation.Detail}): encerramento pedido em {Evidence.Instant(obligation.Since)}, devido até {Evidence.Instant(dueAt)}");

    public override string Summarize(IReadOnlyList<OpenObligation> overdue, RuleSetting setting) =>
        $"{overdue.Count} conta(s) não encerrada(s) {setting[DeadlineDays]} dia(s) depois do pedido";
}

/// <summary>
/// Rule 4: a withdrawal soon after a bonus with little wagering in between, flagged whatever the
/// bonus policy (the vault's records of one operator; the alert is about the operator, which paid
/// the bonus out). A periodic check like the deadlines: a bonus's wagering is the obligation, the
/// withdrawal its breach, due at once.
/// </summary>
public sealed class BonusWithdrawalRule : DeadlineRule
{
    public const string WindowHours = "window_hours";
    public const string WageringPercent = "wagering_percent";

    public override string Id => "bonus_withdrawal";

    public override string Title => "Saque logo depois de bônus, com pouca aposta";

    public override string Description =>
        "Um saque (withdrawal com result completed) no cofre com registros bonus do mesmo jogador no mesmo operador nas horas anteriores (a janela), " +
        "em que o valor apostado (registros bet) desde o primeiro desses bônus até o saque é menor que a porcentagem da soma dos bônus. " +
        "Sinalizado qualquer que seja a política de bônus (Lei 14.790, art. 29).";

    public override RuleSeverity DefaultSeverity => RuleSeverity.High;

    public override ObligationKind Obligation => ObligationKind.BonusWagering;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        Parameter(WindowHours, "horas", 72, 1, 720, "Quanto tempo antes do saque um bônus conta."),
        Parameter(WageringPercent, "% do bônus", 100, 1, 10_000, "Quanto apostar, em porcentagem dos bônus, para que o saque não seja sinalizado."),
    ];

    /// <summary>The withdrawal is the breach: nothing to wait for.</summary>
    public override TimeSpan Longest(RuleSetting setting) => TimeSpan.Zero;

    public static TimeSpan Window(RuleSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return TimeSpan.FromHours(setting[WindowHours]);
    }

    public override AlertEvidence Describe(OpenObligation obligation, DateTimeOffset dueAt) =>
        new(AlertEvidence.VaultRecord, obligation.Key, obligation.Since,
            $"Saque {obligation.Key} em {Evidence.Instant(obligation.Since)} ({obligation.Detail})");

    public override string Summarize(IReadOnlyList<OpenObligation> overdue, RuleSetting setting) =>
        $"{overdue.Count} saque(s) até {setting[WindowHours]} h depois de bônus, com apostas abaixo de {setting[WageringPercent]}% do bônus";
}

/// <summary>
/// Rule 9: a case of suspected match-fixing not reported to the authorities within the working days
/// after it was classified as such (a duty of LOTTOPAR's: the alert is about the case).
/// </summary>
public sealed class SuspicionNotReportedRule : DeadlineRule
{
    public const string WorkingDaysAllowed = "working_days";

    public override string Id => "suspicion_not_reported";

    public override string Title => "Suspeita de manipulação não comunicada no prazo";

    public override string Description =>
        "Um caso de integridade classificado como suspeita de manipulação de resultados (match_fixing) sem comunicação registrada às autoridades " +
        "(POST /admin/integrity/cases/{id}/report) até o fim do último dia útil do prazo, contado a partir do dia útil seguinte à classificação " +
        "(feriados nacionais e Sexta-feira Santa não contam).";

    public override SubjectKind Subject => SubjectKind.Case;

    public override RuleSeverity DefaultSeverity => RuleSeverity.High;

    public override ObligationKind Obligation => ObligationKind.SuspicionReport;

    public override IReadOnlyList<RuleParameterView> Parameters =>
        [Parameter(WorkingDaysAllowed, "dias úteis", 5, 1, 30, "Prazo para comunicar a suspeita, em dias úteis.")];

    /// <summary>Working days never run longer than twice their count plus a week of holidays in calendar time.</summary>
    public override TimeSpan Longest(RuleSetting setting) => TimeSpan.FromDays((2 * setting[WorkingDaysAllowed]) + 7);

    public override TimeSpan Shortest(RuleSetting setting) => TimeSpan.FromDays(setting[WorkingDaysAllowed]);

    public override DateTimeOffset DueAt(DateTimeOffset since, RuleSetting setting) => WorkingDays.After(since, (int)setting[WorkingDaysAllowed]);

    public override AlertEvidence Describe(OpenObligation obligation, DateTimeOffset dueAt) =>
        new(AlertEvidence.Case, obligation.Key, obligation.Since,
            $"Caso {obligation.Key} ({obligation.Detail}): suspeita classificada em {Evidence.Instant(obligation.Since)}, comunicação devida até {Evidence.Instant(dueAt)}");

    public override string Summarize(IReadOnlyList<OpenObligation> overdue, RuleSetting setting) =>
        $"Suspeita de manipulação não comunicada em {setting[WorkingDaysAllowed]} dias úteis";
}
