using Lottopar.GrainInterfaces.Common;

namespace Lottopar.Silo.Cluster;

/// <summary>
/// Route values that become Orleans grain keys. Orleans refuses a key that is empty or only
/// whitespace (an ArgumentException, which would be a 500 here), where the runtime took any key
/// and the grain answered "not found". Such a value names nothing: 404, as before.
/// </summary>
public static class ClusterKeys
{
    public static string Of(string key, string what) =>
        string.IsNullOrWhiteSpace(key) ? throw new DomainNotFoundException($"There is no {what} '{key}'.") : key;
}
