using Lottopar.GrainInterfaces.Security;
using Lottopar.Runtime;
using Lottopar.Runtime.Streams;

namespace Lottopar.Grains.Credentials;

/// <summary>Publishes refusals that name no operator (no key, a malformed key) on the security stream.</summary>
[GrainType("access_monitor")]
public sealed class AccessMonitorGrain : Grain, IAccessMonitorGrain
{
    public Task RecordAsync(AccessRefused refusal) =>
        GetStream<AccessRefused>(new StreamId(SecurityStreams.Namespace, GetPrimaryKeyString())).OnNextAsync(refusal);
}
