using Lottopar.Grains.Staff;
using Xunit;

namespace Lottopar.Grains.Tests.Staff;

public sealed class SignInThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static SignInThrottle New() => new(failuresBeforeDelay: 5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));

    [Fact]
    public void FourFailuresCostNothingAndTheFifthStartsAWait()
    {
        var throttle = New();

        var waits = Enumerable.Range(0, 5).Select(_ => throttle.Failed("a", Start)).ToList();

        Assert.Equal([null, null, null, null, TimeSpan.FromSeconds(30)], waits);
        Assert.Equal(TimeSpan.FromSeconds(30), throttle.RetryAfter("a", Start));
        Assert.Equal(TimeSpan.FromSeconds(10), throttle.RetryAfter("a", Start.AddSeconds(20)));
        Assert.Null(throttle.RetryAfter("a", Start.AddSeconds(30)));
    }

    [Fact]
    public void EachFailureAfterAWaitDoublesItUpToTheLongest()
    {
        var throttle = New();
        var now = Start;
        for (var i = 0; i < 4; i++)
        {
            throttle.Failed("a", now);
        }

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            var wait = throttle.Failed("a", now)!.Value;
            waits.Add(wait);
            now += wait;
        }

        Assert.Equal([30, 60, 120, 240, 480, 900, 900, 900], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public void OtherAddressesDoNotWaitAndASuccessOrAResetStartsAfresh()
    {
        var throttle = New();
        for (var i = 0; i < 5; i++)
        {
            throttle.Failed("attacker", Start);
        }

        Assert.Null(throttle.RetryAfter("owner", Start));
        throttle.Succeeded("attacker");
        Assert.Null(throttle.RetryAfter("attacker", Start));
        for (var i = 0; i < 5; i++)
        {
            throttle.Failed("attacker", Start);
        }

        throttle.Clear();
        Assert.Null(throttle.RetryAfter("attacker", Start));
    }

    [Fact]
    public void ASprayFromMoreAddressesThanTrackedWaitsTogether()
    {
        var throttle = New();
        for (var i = 0; i < SignInThrottle.MaxAddresses; i++)
        {
            throttle.Failed($"10.0.{i / 256}.{i % 256}", Start);
        }

        for (var i = 0; i < 5; i++)
        {
            throttle.Failed($"172.16.0.{i}", Start);
        }

        Assert.NotNull(throttle.RetryAfter("172.16.9.9", Start));
        Assert.Null(throttle.RetryAfter("10.0.0.1", Start));
    }

    [Fact]
    public void AnAddressQuietForADayStartsAfresh()
    {
        var throttle = New();
        for (var i = 0; i < 4; i++)
        {
            throttle.Failed("a", Start);
        }

        Assert.Null(throttle.Failed("a", Start.AddDays(1).AddSeconds(1)));
    }
}
