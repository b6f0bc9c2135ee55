using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Common;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>
/// Rules 3 and 6: a player's deposits on one day (Brasília) over LOTTOPAR's limit summed over every
/// operator (a limit circumvented by spreading deposits), or at too many operators.
/// </summary>
public sealed class DepositsAcrossOperatorsRule : PlayerPaymentRule
{
    public const string DailyLimit = "daily_limit";
    public const string MaxOperators = "max_operators";

    public override string Id => "deposits_across_operators";

    public override string Title => "Depósitos do jogador em vários operadores";

    public override string Description =>
        "Os depósitos PIX concluídos de um jogador num dia (calendário de Brasília), somados em todos os operadores, passam o limite diário, ou foram feitos em mais operadores que o máximo.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        Parameter(DailyLimit, "centavos", 5_000_000, 100, 1_000_000_000_000, "Soma dos depósitos do jogador num dia, em todos os operadores."),
        Parameter(MaxOperators, "operadores", 3, 1, 1_000, "Operadores diferentes em que o jogador depositou num dia."),
    ];

    public override RuleHit? Evaluate(PaymentObservation payment, PlayerWindows windows, RuleSetting setting)
    {
        if (payment.Kind != PaymentSettled.CashIn || payment.Outcome != "completed")
        {
            return null;
        }

        var day = BrasiliaTime.Today(payment.At);
        var deposits = windows.DepositsOn(day).ToList();
        var total = deposits.Sum(d => d.Amount);
        var operators = deposits.Select(d => d.Oprid).Distinct().Count();
        var summary = total > setting[DailyLimit]
            ? $"Depósitos de {Evidence.Money(total)} em {Evidence.Day(day)} em {operators} operador(es), acima do limite diário de {Evidence.Money(setting[DailyLimit])}"
            : operators > setting[MaxOperators]
                ? $"Depósitos em {operators} operadores em {Evidence.Day(day)}, acima do máximo de {setting[MaxOperators]}"
                : null;
        return summary is null ? null : new RuleHit(summary, [Evidence.Of(payment, $"depósito {Evidence.Money(payment.Amount)} em {payment.Oprid}")], AcrossOperators: true);
    }
}
