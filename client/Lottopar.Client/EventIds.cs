using System.Globalization;

namespace Lottopar.Client;

/// <summary>
/// Unique slip and leg identifiers for one generator. The seed is part of them, so runs with different
/// seeds against one platform do not collide.
/// </summary>
internal sealed class EventIds(int seed)
{
    private readonly string _run = seed.ToString("x8", CultureInfo.InvariantCulture);
    private long _slips;
    private long _legs;

    public string NextSlipId() =>
        string.Create(CultureInfo.InvariantCulture, $"slip_{_run}_{Interlocked.Increment(ref _slips):D6}");

    public string NextLegId() =>
        string.Create(CultureInfo.InvariantCulture, $"leg_{_run}_{Interlocked.Increment(ref _legs):D7}");
}
