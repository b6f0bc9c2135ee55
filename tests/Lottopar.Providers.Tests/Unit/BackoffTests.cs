using Lottopar.Providers.PostgreSql.Outages;
using Xunit;

namespace Lottopar.Providers.Tests.Unit;

public sealed class BackoffTests
{
    [Fact]
    public void TheWaitDoublesWithEachFailureUpToItsMaximum()
    {
        var (first, longest) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], Enumerable.Range(1, 7).Select(f => Backoff.Doubling(f, first, longest).TotalSeconds));
        Assert.Equal(longest, Backoff.Doubling(int.MaxValue, first, longest));
        Assert.Equal(first, Backoff.Doubling(0, first, longest));
    }
}
