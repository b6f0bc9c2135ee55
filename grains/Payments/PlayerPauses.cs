using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;

namespace Lottopar.Grains.Payments;

/// <summary>
/// Responsible-gaming pauses a player asks of an operator, pure: a cooling-off (1 to 42 days) or a
/// self-exclusion (30 days or more, or for good: no end). Neither can be shortened or lifted once
/// set; asking again with a later end extends it. While one is in force the player cannot deposit
/// there (payouts still go out: the money is the player's).
/// </summary>
public static class PlayerPauses
{
    public static readonly TimeSpan ShortestCoolingOff = TimeSpan.FromDays(1);
    public static readonly TimeSpan LongestCoolingOff = TimeSpan.FromDays(42);
    public static readonly TimeSpan ShortestSelfExclusion = TimeSpan.FromDays(30);

    public static string ReasonCode(PlayerPauseKind kind) => kind == PlayerPauseKind.CoolingOff ? "cooling_off" : "self_excluded";

    /// <summary>The pauses after asking for one of <paramref name="kind"/> until <paramref name="until"/> (null: for good), or a 422 naming the field.</summary>
    public static IReadOnlyList<PlayerPause> Set(IReadOnlyList<PlayerPause> pauses, PlayerPauseKind kind, DateTimeOffset? until, DateTimeOffset now)
    {
        if (!Enum.IsDefined(kind))
        {
            throw DomainValidationException.For("kind", "One of: cooling_off, self_exclusion.");
        }

        var length = until - now;
        var valid = kind == PlayerPauseKind.CoolingOff
            ? length >= ShortestCoolingOff && length <= LongestCoolingOff
            : length is null || length >= ShortestSelfExclusion;
        if (!valid)
        {
            throw DomainValidationException.For("until", kind == PlayerPauseKind.CoolingOff
                ? $"A cooling-off ends {ShortestCoolingOff.TotalDays:0} to {LongestCoolingOff.TotalDays:0} days from now."
                : $"A self-exclusion lasts at least {ShortestSelfExclusion.TotalDays:0} days, or has no end (null).");
        }

        var current = InForce(pauses, now).FirstOrDefault(p => p.Kind == kind);
        if (current is not null && (current.Until is null || (until is not null && until <= current.Until)))
        {
            throw DomainValidationException.For("until", $"A {ReasonCode(kind).Replace('_', ' ')} in force cannot be shortened or lifted; only extended.");
        }

        return [.. InForce(pauses, now).Where(p => p.Kind != kind), new PlayerPause(kind, current?.Since ?? now, until)];
    }

    public static IEnumerable<PlayerPause> InForce(IEnumerable<PlayerPause> pauses, DateTimeOffset now) =>
        pauses.Where(p => p.Since <= now && (p.Until is null || p.Until > now)).OrderBy(p => p.Kind);
}
