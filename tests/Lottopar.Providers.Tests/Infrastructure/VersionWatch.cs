using Lottopar.Testing;

namespace Lottopar.Providers.Tests.Infrastructure;

/// <summary>Samples a cluster's membership version in the background, keeping every change seen.</summary>
public sealed class VersionWatch : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<List<int>> _sampling;

    public VersionWatch(TestDatabase database, string clusterId) =>
        _sampling = SampleAsync(database, clusterId, _stop.Token);

    /// <summary>The versions seen, in the order seen, without repeats.</summary>
    public async Task<IReadOnlyList<int>> StopAsync()
    {
        await _stop.CancelAsync();
        return await _sampling;
    }

    public void Dispose() => _stop.Dispose();

    private static async Task<List<int>> SampleAsync(TestDatabase database, string clusterId, CancellationToken stop)
    {
        var seen = new List<int>();
        do
        {
            var version = await MembershipTable.VersionAsync(database, clusterId);
            if (seen.Count == 0 || seen[^1] != version)
            {
                seen.Add(version);
            }

            await Task.Delay(10, CancellationToken.None);
        }
        while (!stop.IsCancellationRequested);

        return seen;
    }
}
