using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Keys;

/// <summary>Grain keys with several parts are built and parsed in one place each, and round-trip.</summary>
public sealed class GrainKeyTests
{
    [Fact]
    public void ABetSlipKeyRoundTripsEvenWhenTheSlipIdHoldsASlash()
    {
        var key = new BetSlipKey("OPR-123456", "slip/with/slashes");
        Assert.Equal("OPR-123456/slip/with/slashes", key.ToString());
        Assert.Equal(key, BetSlipKey.Parse(key.ToString()));
    }

    [Fact]
    public void AnIdempotencyKeyRoundTrips()
    {
        var key = new BettingIdempotencyKey("OPR-123456", "a5b7c9");
        Assert.Equal(key, BettingIdempotencyKey.Parse("OPR-123456/a5b7c9"));
    }

    [Fact]
    public void LotteryKeysRoundTrip()
    {
        var draw = new DrawDayKey("05", new DateOnly(2026, 12, 2));
        Assert.Equal("05/2026-12-02", draw.ToString());
        Assert.Equal(draw, DrawDayKey.Parse("05/2026-12-02"));

        var turn = new TurnKey("LEON", 3, new DateOnly(2026, 12, 2));
        Assert.Equal("LEON/3/2026-12-02", turn.ToString());
        Assert.Equal(turn, TurnKey.Parse("LEON/3/2026-12-02"));
    }

    [Theory]
    [InlineData("no-separator")]
    [InlineData("/slip")]
    [InlineData("OPR-123456/")]
    public void AMalformedBetSlipKeyIsRefused(string key) => Assert.Throws<ArgumentException>(() => BetSlipKey.Parse(key));

    [Theory]
    [InlineData("05")]
    [InlineData("05/2026-13-01")]
    [InlineData("/2026-12-02")]
    [InlineData("05/2026-12-02/x")]
    public void AMalformedDrawKeyIsRefused(string key) => Assert.Throws<ArgumentException>(() => DrawDayKey.Parse(key));

    [Theory]
    [InlineData("LEON/3")]
    [InlineData("LEON/x/2026-12-02")]
    [InlineData("LEON/-3/2026-12-02")]
    [InlineData("LEON/3/02-12-2026")]
    public void AMalformedTurnKeyIsRefused(string key) => Assert.Throws<ArgumentException>(() => TurnKey.Parse(key));
}
