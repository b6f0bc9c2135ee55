namespace Lottopar.Providers.PostgreSql.Outages;

/// <summary>How long to wait before the next attempt after failures in a row.</summary>
internal static class Backoff
{
    /// <summary><paramref name="first"/> after one failure, twice that after two, and so on, never more than <paramref name="maximum"/>.</summary>
    public static TimeSpan Doubling(int failures, TimeSpan first, TimeSpan maximum)
    {
        var delay = first * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        return delay < maximum ? delay : maximum;
    }
}
