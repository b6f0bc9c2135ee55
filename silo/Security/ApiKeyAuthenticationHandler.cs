using System.Globalization;
using System.Text.Encodings.Web;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Security;
using Lottopar.Grains.Credentials;
using Lottopar.Runtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Security;

/// <summary>
/// Authenticates <c>x-api-key</c>. The operator grain says whether the operator may use this
/// environment (status, license); the operator's credentials grain then checks the key, its
/// environment, that access, the route's scope and the key's rate limit, and records refusals. A refusal answers 401, 403 or 429 (with Retry-After) as problem
/// details that say why.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    IGrainFactory grains,
    IOptions<SiloOptions> silo,
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
        var clientIp = Context.Connection.RemoteIpAddress?.ToString();
        if (!ApiKeyFormat.TryParse(presented, out var key))
        {
            var refusal = ApiKeyVerdict.Refuse("", null, 401, "malformed_key", "The x-api-key header does not hold a LOTTOPAR API key.");
            await grains.GetGrain<IAccessMonitorGrain>(SecurityStreams.Unidentified).RecordAsync(
                new AccessRefused(clock.GetUtcNow(), null, null, refusal.RefusalCode!, refusal.Message!, clientIp, Request.Path, deployment));
            return Refuse(refusal);
        }

        // Two short turns one after the other rather than one grain calling the other: no grain on
        // this path waits on another while the operator's other requests queue behind it.
        var access = await grains.GetGrain<IOperatorGrain>(key.Oprid).GetAccessAsync(deployment);
        var verdict = await grains.GetGrain<IApiCredentialsGrain>(key.Oprid).AuthenticateAsync(
            new ApiKeyPresentation(key.KeyId, key.Secret, key.Environment, scope, clientIp, Request.Path), deployment, access);
        if (!verdict.Allowed)
        {
            return Refuse(verdict);
        }

        var principal = CallerClaims.ForApiKey(verdict.Oprid, verdict.KeyPrefix!, verdict.Scopes);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => WriteRefusalAsync(401, "missing_key", "Send an API key in the x-api-key header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteRefusalAsync(403, "forbidden", "This API key may not do this.");

    private AuthenticateResult Refuse(ApiKeyVerdict verdict)
    {
        Context.Items[VerdictItem] = verdict;
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
