namespace Lottopar.Grains.Credentials;

/// <summary>
/// A rate limit: up to <c>capacity</c> requests at once, refilled at <c>perSecond</c>. Kept in the
/// credentials grain's memory: one activation per operator makes it one bucket per key.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _capacity;
    private readonly double _perSecond;
    private double _tokens;
    private DateTimeOffset _updatedAt;

    public TokenBucket(double capacity, double perSecond, DateTimeOffset now)
    {
        _capacity = capacity;
        _perSecond = perSecond;
        _tokens = capacity;
        _updatedAt = now;
    }

    /// <summary>Takes one token; when none is left, says how long until one is.</summary>
    public bool TryTake(DateTimeOffset now, out TimeSpan retryAfter)
    {
        var elapsed = Math.Max(0, (now - _updatedAt).TotalSeconds);
        _tokens = Math.Min(_capacity, _tokens + (elapsed * _perSecond));
        _updatedAt = now;
        if (_tokens >= 1)
        {
            _tokens -= 1;
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
        return false;
    }
}
