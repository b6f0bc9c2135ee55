using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;

namespace Lottopar.GrainInterfaces.Credentials;

/// <summary>
/// The API keys of one operator (keyed by OPRID), for every environment. Only hashes of the
/// secrets are stored. Every operator API request is authenticated here, including the operator's
/// status and license, the key's scopes and its rate limit. A refusal changes nothing here: the
/// front end records it (aggregated, so that a flood of forged keys costs no writes).
/// </summary>
public interface IApiCredentialsGrain : Orleans.IGrainWithStringKey
{
    /// <summary>Issues a key for <paramref name="environment"/> with these scopes; the result holds the secret, once.</summary>
    Task<IssuedApiKey> CreateAsync(DeploymentEnvironment environment, IReadOnlyList<string> scopes, Actor actor);

    Task<IReadOnlyList<ApiKeyView>> ListAsync();

    /// <summary>Issues a replacement with the same environment and scopes; the old key keeps working for the grace period.</summary>
    Task<IssuedApiKey> RotateAsync(string keyId, Actor actor);

    /// <summary>Revokes a key at once (a rotated key too).</summary>
    Task<ApiKeyView> RevokeAsync(string keyId, Actor actor);

    /// <summary>
    /// Checks a presented key against the deployment's environment, the operator's access (which the
    /// caller read from the operator grain just before) and the required scope. The operator's access
    /// comes in rather than being fetched here so that this grain, which every request of the operator
    /// passes through, never holds its turn while waiting on another grain.
    /// </summary>
    Task<ApiKeyVerdict> AuthenticateAsync(ApiKeyPresentation presentation, DeploymentEnvironment deployment, OperatorAccess operatorAccess);
}
