using System.Globalization;
using System.Text.Encodings.Web;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Security;
using Lottopar.Grains.Credentials;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Silo.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Security;

/// <summary>
/// Authenticates <c>x-api-key</c>. The operator grain says whether the operator may use this
/// environment (status, license); the operator's credentials grain then checks the key, its
/// environment, that access, the route's scope and the key's rate limit. A refusal answers 401,
/// 403 or 429 (with Retry-After) as problem details that say why, and is recorded in the
/// <see cref="RefusalLog"/>. An address refused too often in a window is answered 429 before any
/// grain is called.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    Orleans.IGrainFactory grains,
    IOptions<SiloOptions> silo,
    RefusalLog refusals,
    ClientAddress addresses,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string HeaderName = "x-api-key";
    private const string VerdictItem = "lottopar.apikey.verdict";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return AuthenticateResult.NoResult();
        }

        var deployment = silo.Value.Environment;
        var scope = Context.GetEndpoint()?.Metadata.GetMetadata<RequiredApiScope>()?.Scope ?? ApiScope.Read;
        var clientIp = addresses.Of(Context)?.ToString();
        var parsed = ApiKeyFormat.TryParse(presented, out var key);
        if (refusals.RetryAfter(clientIp) is { } wait)
        {
            return await RefuseAsync(ApiKeyVerdict.Refuse(parsed ? key.Oprid : "", null, 429, "too_many_refusals",
                "Too many refused credentials from this address; wait before trying again.", wait), clientIp, deployment);
        }

        if (!parsed)
        {
            return await RefuseAsync(ApiKeyVerdict.Refuse("", null, 401, "malformed_key", "The x-api-key header does not hold a LOTTOPAR API key."), clientIp, deployment);
        }

        // Two short turns one after the other rather than one grain calling the other: no grain on
        // this path waits on another while the operator's other requests queue behind it.
        var access = await grains.Keyed<IOperatorGrain>(key.Oprid).GetAccessAsync(deployment);
        var verdict = await grains.Keyed<IApiCredentialsGrain>(key.Oprid).AuthenticateAsync(
            new ApiKeyPresentation(key.KeyId, key.Secret, key.Environment, scope, clientIp, Request.Path), deployment, access);
        if (!verdict.Allowed)
        {
            return await RefuseAsync(verdict, clientIp, deployment);
        }

        var principal = CallerClaims.ForApiKey(verdict.Oprid, verdict.KeyPrefix!, verdict.Scopes);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => WriteRefusalAsync(401, "missing_key", "Send an API key in the x-api-key header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteRefusalAsync(403, "forbidden", "This API key may not do this.");

    private async Task<AuthenticateResult> RefuseAsync(ApiKeyVerdict verdict, string? clientIp, DeploymentEnvironment deployment)
    {
        Context.Items[VerdictItem] = verdict;
        await refusals.RecordAsync(new AccessRefused(clock.GetUtcNow(), verdict.Oprid.Length == 0 ? null : verdict.Oprid, verdict.KeyPrefix,
            verdict.LogCode ?? verdict.RefusalCode!, verdict.Message!, clientIp, Request.Path, deployment));
        return AuthenticateResult.Fail(verdict.Message!);
    }

    private async Task WriteRefusalAsync(int fallbackStatus, string fallbackCode, string fallbackMessage)
    {
        var verdict = Context.Items[VerdictItem] as ApiKeyVerdict;
        var status = verdict?.StatusCode ?? fallbackStatus;
        if (verdict?.RetryAfter is { } retryAfter)
        {
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await Problems.WriteAsync(Context, status, verdict?.RefusalCode ?? fallbackCode, verdict?.Message ?? fallbackMessage);
    }
}
