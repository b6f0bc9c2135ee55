using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Payments;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>Rule 6: deposits paid by someone other than the player (refunded by the platform), repeated at one operator.</summary>
public sealed class PaidByAnotherRule : PlayerPaymentRule
{
    public const string MinOccurrences = "min_occurrences";
    public const string WindowDays = "window_days";

    public override string Id => "deposit_paid_by_another";

    public override string Title => "Depósitos pagos por outro CPF";

    public override string Description =>
        "Depósitos de um jogador pagos por um CPF que não é o dele (e por isso devolvidos), repetidos num operador dentro da janela.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.High;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        Parameter(MinOccurrences, "depósitos", 2, 1, 1_000, "Quantos depósitos pagos por outro CPF sinalizam."),
        Parameter(WindowDays, "dias", 30, 1, 90, "Janela em que se contam."),
    ];

    public override RuleHit? Evaluate(PaymentObservation payment, PlayerWindows windows, RuleSetting setting)
    {
        if (payment.Kind != PaymentSettled.CashIn || payment.Outcome != "refunded")
        {
            return null;
        }

        var count = windows.PaidByOthersSince(payment.Oprid, payment.At.AddDays(-setting[WindowDays])).Count();
        return count < setting[MinOccurrences]
            ? null
            : new RuleHit($"{count} depósitos pagos por outro CPF em {setting[WindowDays]} dias", [Evidence.Of(payment, $"depósito {Evidence.Money(payment.Amount)} devolvido, e2e {payment.EndToEndId}")]);
    }
}
