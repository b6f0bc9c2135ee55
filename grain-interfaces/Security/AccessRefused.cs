using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Security;

/// <summary>
/// A refused attempt to use a credential (unknown key, wrong environment, suspended operator...),
/// recorded for the integrity module. Never holds the secret part of a key.
/// </summary>
/// <param name="Count">How many refusals of this kind (operator, code, address) the record stands for: 1 for the first of its window, the rest of the window in one record after it.</param>
public sealed record AccessRefused(
    DateTimeOffset At,
    string? Oprid,
    string? KeyPrefix,
    string Code,
    string Message,
    string? ClientIp,
    string? Route,
    DeploymentEnvironment Environment,
    int Count = 1);

public static class SecurityStreams
{
    /// <summary>Stream namespace of security events; the stream key is the OPRID, or "unidentified".</summary>
    public const string Namespace = "security";

    public const string Unidentified = "unidentified";
}
