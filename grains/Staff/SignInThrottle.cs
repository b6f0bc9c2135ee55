namespace Lottopar.Grains.Staff;

/// <summary>
/// Failed sign-ins of one account, counted per client address: after a few failures from an
/// address, that address waits before its next try, and the wait doubles with each further
/// failure. Other addresses are not affected, so an attacker elsewhere cannot lock the owner out
/// (the old lock after five failures let anyone lock any account, again and again). While an
/// address waits, its tries are refused without checking the password. A success from an address
/// clears it; a password reset clears all.
/// </summary>
public sealed class SignInThrottle(int failuresBeforeDelay, TimeSpan firstDelay, TimeSpan longestDelay)
{
    /// <summary>Addresses tracked per account; beyond it, new addresses share one tally (a spray from many addresses waits together).</summary>
    public const int MaxAddresses = 1024;

    private const string Others = "(others)";

    private readonly Dictionary<string, Tally> _byAddress = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="address"/> must still wait; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string address, DateTimeOffset now) =>
        _byAddress.TryGetValue(Slot(address), out var tally) && tally.WaitUntil > now ? tally.WaitUntil - now : null;

    /// <summary>Counts a failure; returns the wait it starts, if any.</summary>
    public TimeSpan? Failed(string address, DateTimeOffset now)
    {
        Forget(now);
        var slot = Slot(address);
        var tally = _byAddress.GetValueOrDefault(slot) ?? new Tally(0, DateTimeOffset.MinValue, now);
        var failures = tally.Failures + 1;
        TimeSpan? wait = failures < failuresBeforeDelay
            ? null
            : TimeSpan.FromTicks(Math.Min(longestDelay.Ticks, firstDelay.Ticks << Math.Min(20, failures - failuresBeforeDelay)));
        _byAddress[slot] = new Tally(failures, wait is { } w ? now + w : tally.WaitUntil, now);
        return wait;
    }

    public void Succeeded(string address) => _byAddress.Remove(Slot(address));

    public void Clear() => _byAddress.Clear();

    private string Slot(string address) => _byAddress.ContainsKey(address) || _byAddress.Count < MaxAddresses ? address : Others;

    /// <summary>An address whose last failure is a day old starts afresh.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (address, tally) in _byAddress)
        {
            if (now - tally.LastFailure > TimeSpan.FromDays(1))
            {
                _byAddress.Remove(address);
            }
        }
    }

    private sealed record Tally(int Failures, DateTimeOffset WaitUntil, DateTimeOffset LastFailure);
}
