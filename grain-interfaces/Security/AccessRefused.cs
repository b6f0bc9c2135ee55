using Lottopar.GrainInterfaces.Common;
using Orleans;

namespace Lottopar.GrainInterfaces.Security;

/// <summary>
/// A refused attempt to use a credential (unknown key, wrong environment, suspended operator...),
/// recorded for the integrity module. Never holds the secret part of a key.
/// </summary>
/// <param name="Count">How many refusals of this kind (operator, code, address) the record stands for: 1 for the first of its window, the rest of the window in one record after it.</param>
[GenerateSerializer, Immutable]
public sealed record AccessRefused(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string? Oprid,
    [property: Id(2)] string? KeyPrefix,
    [property: Id(3)] string Code,
    [property: Id(4)] string Message,
    [property: Id(5)] string? ClientIp,
    [property: Id(6)] string? Route,
    [property: Id(7)] DeploymentEnvironment Environment,
    [property: Id(8)] int Count = 1);

public static class SecurityStreams
{
    /// <summary>Stream namespace of security events; the stream key is the OPRID, or "unidentified".</summary>
    public const string Namespace = "security";

    public const string Unidentified = "unidentified";
}
