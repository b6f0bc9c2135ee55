
namespace Lottopar.GrainInterfaces.Security;

/// <summary>
/// Records refused access attempts that no operator can be named for (a malformed key, no key),
/// on the security stream. Keyed by <see cref="SecurityStreams.Unidentified"/>. The first grain on
/// Orleans (issue 16): a stateless one, whose events go to the stream log without a state write.
/// </summary>
public interface IAccessMonitorGrain : Orleans.IGrainWithStringKey
{
    Task RecordAsync(AccessRefused refusal);
}
