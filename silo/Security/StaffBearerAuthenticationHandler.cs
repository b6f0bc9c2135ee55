using Lottopar.GrainInterfaces.Common;
using System.Globalization;
using System.Text.Encodings.Web;
using Lottopar.GrainInterfaces.Security;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.BackOffice.Security;
using Lottopar.Silo.Cluster;
using Lottopar.Silo.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer lps_...</c> session tokens issued by /auth/login. A
/// token that does not verify (<see cref="SessionTokens"/>) is refused without touching a grain and
/// recorded in the <see cref="RefusalLog"/>; an address refused too often waits (429).
/// </summary>
public sealed class StaffBearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    Orleans.IGrainFactory grains,
    SessionTokens tokens,
    RefusalLog refusals,
    ClientAddress addresses,
    IOptions<SiloOptions> silo,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    private const string ThrottledItem = "lottopar.session.retry_after";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (SessionTokens.TokenOf(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var clientIp = addresses.Of(Context)?.ToString();
        if (refusals.RetryAfter(clientIp) is { } wait)
        {
            Context.Items[ThrottledItem] = wait;
            return AuthenticateResult.Fail("Too many refused credentials from this address.");
        }

        if (!tokens.TryVerify(token, out var sessionKey))
        {
            await refusals.RecordAsync(new AccessRefused(clock.GetUtcNow(), null, null, "invalid_session_token",
                "A bearer token that this platform did not issue.", clientIp, Request.Path, silo.Value.Environment));
            return AuthenticateResult.Fail("The session is unknown, expired or ended.");
        }

        var principal = await grains.Keyed<IStaffSessionGrain>(sessionKey).ValidateAsync();
        return principal is null
            ? AuthenticateResult.Fail("The session is unknown, expired or ended.")
            : AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.ForStaff(principal, sessionKey), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledItem] is TimeSpan wait)
        {
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problems.WriteAsync(Context, 429, "too_many_refusals", "Too many refused credentials from this address; wait before trying again.");
        }

        if (DashboardSignIn.ShouldRedirect(Request))
        {
            Response.Redirect(DashboardSignIn.SignInPath);
            return Task.CompletedTask;
        }

        if (OfficeSession.ShouldRedirect(Request))
        {
            Response.Redirect(OfficeSession.SignInUrl(Request.Path + Request.QueryString));
            return Task.CompletedTask;
        }

        return Problems.WriteAsync(Context, 401, "not_signed_in", "Sign in with POST /auth/login and send the token as 'Authorization: Bearer <token>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (OfficeSession.ShouldRedirect(Request))
        {
            Response.Redirect(OfficeSession.AccessDeniedPath);
            return Task.CompletedTask;
        }

        return Problems.WriteAsync(Context, 403, "forbidden", "Your role does not allow this.");
    }
}
