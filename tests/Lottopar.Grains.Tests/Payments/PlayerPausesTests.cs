using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Payments;
using Xunit;

namespace Lottopar.Grains.Tests.Payments;

public sealed class PlayerPausesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(PlayerPauseKind.CoolingOff, 1.0, true)]
    [InlineData(PlayerPauseKind.CoolingOff, 42.0, true)]
    [InlineData(PlayerPauseKind.CoolingOff, 0.5, false)]
    [InlineData(PlayerPauseKind.CoolingOff, 43.0, false)]
    [InlineData(PlayerPauseKind.SelfExclusion, 30.0, true)]
    [InlineData(PlayerPauseKind.SelfExclusion, 29.0, false)]
    [InlineData(PlayerPauseKind.SelfExclusion, 3650.0, true)]
    public void EachKindHasItsLengths(PlayerPauseKind kind, double days, bool valid)
    {
        var set = () => PlayerPauses.Set([], kind, Now.AddDays(days), Now);

        if (valid)
        {
            Assert.Equal(Now.AddDays(days), Assert.Single(set()).Until);
        }
        else
        {
            Assert.Equal("until", Assert.Throws<DomainValidationException>(set).Errors.Keys.Single());
        }
    }

    [Fact]
    public void ACoolingOffNeedsAnEndASelfExclusionMayHaveNone()
    {
        Assert.Throws<DomainValidationException>(() => PlayerPauses.Set([], PlayerPauseKind.CoolingOff, null, Now));
        Assert.Null(Assert.Single(PlayerPauses.Set([], PlayerPauseKind.SelfExclusion, null, Now)).Until);
    }

    [Fact]
    public void APauseInForceIsExtendedNeverShortenedOrLifted()
    {
        var pauses = PlayerPauses.Set([], PlayerPauseKind.CoolingOff, Now.AddDays(7), Now);

        var extended = PlayerPauses.Set(pauses, PlayerPauseKind.CoolingOff, Now.AddDays(10), Now.AddDays(1));

        Assert.Equal((Now, Now.AddDays(10)), (Assert.Single(extended).Since, extended[0].Until));
        Assert.Throws<DomainValidationException>(() => PlayerPauses.Set(pauses, PlayerPauseKind.CoolingOff, Now.AddDays(3), Now.AddDays(1)));
        var forGood = PlayerPauses.Set([], PlayerPauseKind.SelfExclusion, null, Now);
        Assert.Throws<DomainValidationException>(() => PlayerPauses.Set(forGood, PlayerPauseKind.SelfExclusion, Now.AddYears(5), Now.AddDays(1)));
    }

    [Fact]
    public void AnEndedPauseIsGoneAndAnotherKindStaysBeside()
    {
        var pauses = PlayerPauses.Set([], PlayerPauseKind.CoolingOff, Now.AddDays(2), Now);
        pauses = PlayerPauses.Set(pauses, PlayerPauseKind.SelfExclusion, Now.AddDays(60), Now);

        Assert.Equal([PlayerPauseKind.CoolingOff, PlayerPauseKind.SelfExclusion], PlayerPauses.InForce(pauses, Now.AddDays(1)).Select(p => p.Kind));
        Assert.Equal([PlayerPauseKind.SelfExclusion], PlayerPauses.InForce(pauses, Now.AddDays(3)).Select(p => p.Kind));
        Assert.Equal(2, PlayerPauses.Set(pauses, PlayerPauseKind.CoolingOff, Now.AddDays(5), Now.AddDays(3)).Count); // a new cooling-off after the first ended
    }
}
