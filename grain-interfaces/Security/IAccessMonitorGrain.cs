using Lottopar.Runtime;

namespace Lottopar.GrainInterfaces.Security;

/// <summary>
/// Records refused access attempts that no operator can be named for (a malformed key, no key),
/// on the security stream. Keyed by <see cref="SecurityStreams.Unidentified"/>.
/// </summary>
public interface IAccessMonitorGrain : IGrainWithStringKey
{
    Task RecordAsync(AccessRefused refusal);
}
