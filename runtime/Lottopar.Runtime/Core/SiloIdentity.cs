namespace Lottopar.Runtime.Core;

/// <summary>
/// This silo process's name in the cluster tables (reminder leases; later membership): the host,
/// the process and a random suffix, so a restarted process is a new member.
/// </summary>
public sealed class SiloIdentity
{
    public string Name { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
