using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Integrity;

namespace Lottopar.Grains.Tests.Integrity;

/// <summary>Betting events, payments and settings as the integrity rules see them.</summary>
internal static class Observations
{
    public const string Cpf = "01234567890";

    /// <summary>Thursday 3 December 2026, 12:00 in Brasília (15:00 UTC).</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    public static BetObservation Bet(DateTimeOffset at, long stake, string oprid = "OPR001", string kind = "new_bet",
        long bonus = 0, bool freeBet = false, IReadOnlyList<string>? flags = null)
    {
        var id = Guid.NewGuid();
        return new(id, oprid, Cpf, kind, at, "slip-" + id.ToString("N")[..8], stake, bonus, freeBet, flags ?? []);
    }

    public static PaymentObservation Deposit(DateTimeOffset at, long amount, string oprid = "OPR001", string outcome = "completed") =>
        Payment(PaymentSettled.CashIn, outcome, at, amount, oprid);

    public static PaymentObservation Payment(string kind, string outcome, DateTimeOffset at, long amount, string oprid = "OPR001") =>
        new(Guid.NewGuid().ToString("N"), oprid, Cpf, kind, outcome, amount, at, "E" + Guid.NewGuid().ToString("N")[..20]);

    /// <summary>The rule's shipped setting with some parameters changed.</summary>
    public static RuleSetting Setting(IntegrityRule rule, params (string Name, long Value)[] parameters)
    {
        var values = new Dictionary<string, long>(rule.Shipped.Parameters);
        foreach (var (name, value) in parameters)
        {
            values[name] = value;
        }

        return rule.Shipped with { Parameters = values };
    }

    public static PlayerWindows WindowsOf(params BetObservation[] bets)
    {
        var windows = new PlayerWindows();
        foreach (var bet in bets)
        {
            windows.Fold(bet);
        }

        return windows;
    }

    public static PlayerWindows WindowsOf(params PaymentObservation[] payments)
    {
        var windows = new PlayerWindows();
        foreach (var payment in payments)
        {
            windows.Fold(payment);
        }

        return windows;
    }
}
