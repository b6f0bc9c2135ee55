using Lottopar.GrainInterfaces.Security;
using Lottopar.Providers.Abstractions;
using Orleans;

namespace Lottopar.Grains.Credentials;

/// <summary>
/// Publishes refusals that name no operator (no key, a malformed key) on the security stream. An
/// Orleans grain without state: each refusal is committed to the stream log before the call
/// returns, and the security-events projection reads it from there.
/// </summary>
[GrainType("access_monitor")]
public sealed class AccessMonitorGrain(IStreamEventLog events) : Grain, IAccessMonitorGrain
{
    /// <summary>The event name consumers match on.</summary>
    public const string EventName = nameof(AccessRefused);

    public Task RecordAsync(AccessRefused refusal) =>
        events.AppendAsync(this.GetGrainId(), new StreamId(SecurityStreams.Namespace, this.GetPrimaryKeyString()), EventName, refusal, refusal.At);
}
