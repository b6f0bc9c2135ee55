using Lottopar.GrainInterfaces.Common;
using System.Globalization;
using System.Security.Claims;
using Lottopar.GrainInterfaces.Security;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Http;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Apis;

/// <summary>
/// Staff sign-in with password and authenticator code (TOTP), invitations, authenticator
/// enrolment and password reset by e-mail or SMS. Answers never reveal whether an account exists.
/// </summary>
public static class AuthApi
{
    /// <summary>The rate-limiting policy of every /auth route: requests per client address.</summary>
    public const string PerAddressPolicy = "auth-per-address";

    /// <summary>The stricter policy of password-reset requests: each may send a message to a person.</summary>
    public const string ResetPerAddressPolicy = "auth-reset-per-address";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Sign-in").RequireRateLimiting(PerAddressPolicy);
        group.MapPost("/login", Login).WithName("Login").WithSummary("Password and authenticator code; returns a bearer token.");
        group.MapPost("/logout", Logout).WithName("Logout").RequireAuthorization(Policies.AnyCaller);
        group.MapGet("/me", Me).WithName("Me").RequireAuthorization(Policies.AnyCaller);
        group.MapPost("/invitations/accept", AcceptInvitation).WithName("AcceptInvitation")
            .WithSummary("Invitation code and a new password; returns the authenticator secret to enrol.");
        group.MapPost("/totp/confirm", ConfirmTotp).WithName("ConfirmTotp").WithSummary("First authenticator code: the account becomes active.");
        group.MapPost("/password-reset", RequestPasswordReset).WithName("RequestPasswordReset").WithSummary("Sends a reset code by e-mail or SMS (always 202).")
            .RequireRateLimiting(ResetPerAddressPolicy);
        group.MapPost("/password-reset/confirm", ConfirmPasswordReset).WithName("ConfirmPasswordReset");
        return app;
    }

    /// <summary>
    /// Every failed sign-in gets the same 401, whether the account exists or not; an address that
    /// failed too often for an account waits (429 with Retry-After), the account's owner elsewhere
    /// does not. Refusals go to the security log, aggregated.
    /// </summary>
    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext context, StaffAccounts accounts, Orleans.IGrainFactory cluster, SessionTokens tokens, RefusalLog refusals, ClientAddress addresses,
        TimeProvider clock, IOptions<SiloOptions> silo)
    {
        var clientIp = addresses.Of(context)?.ToString();
        var account = StaffAccounts.Normalize(request.Email);
        var result = await accounts.Of(account).LoginAsync(request.Password ?? "", request.TotpCode ?? "", clientIp ?? "unknown");
        switch (result.Outcome)
        {
            case LoginOutcome.SignedIn:
                var (token, sessionKey) = tokens.Issue();
                var expiresAt = clock.GetUtcNow() + silo.Value.SessionLifetime;
                await cluster.Keyed<IStaffSessionGrain>(sessionKey).StartAsync(result.Principal!.Email, expiresAt);
                return TypedResults.Ok(new SessionResponse(token, expiresAt, result.Principal));
            case LoginOutcome.Throttled:
                await RecordAsync("staff_sign_in_throttled", "Sign-in refused: too many failures from this address");
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(result.RetryAfter!.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Problem(429, "too_many_attempts", $"Too many failed sign-ins from this address; try again in {Math.Ceiling(result.RetryAfter.Value.TotalSeconds)} s.");
            case LoginOutcome.NotActive:
                return Problem(403, "not_active", "This account is not active.");
            default:
                await RecordAsync("staff_sign_in_failed", "Wrong e-mail, password or authenticator code");
                return Problem(401, "invalid_credentials", "Wrong e-mail, password or authenticator code.");
        }

        Task RecordAsync(string code, string message) => refusals.RecordAsync(new AccessRefused(
            clock.GetUtcNow(), null, null, code, $"{message}: account {EmailAddress.Mask(account)}.", clientIp, "/auth/login", silo.Value.Environment));
    }

    public static async Task<NoContent> Logout(HttpRequest request, Orleans.IGrainFactory cluster, SessionTokens tokens)
    {
        if (SessionTokens.TokenOf(request) is { } token && tokens.TryVerify(token, out var sessionKey))
        {
            await cluster.Keyed<IStaffSessionGrain>(sessionKey).EndAsync();
        }

        return TypedResults.NoContent();
    }

    public static Ok<CallerView> Me(ClaimsPrincipal user) => TypedResults.Ok(new CallerView(
        user.IsApiKey() ? "api-key" : "staff",
        user.FindFirstValue(CallerClaims.Email) ?? user.FindFirstValue(CallerClaims.KeyPrefix),
        user.OpridOf(),
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)],
        [.. user.FindAll(CallerClaims.Scope).Select(c => c.Value)]));

    public static async Task<Ok<TotpEnrollment>> AcceptInvitation(AcceptInvitationRequest request, StaffAccounts accounts) =>
        TypedResults.Ok(await accounts.Of(request.Email).AcceptInvitationAsync(request.Code ?? "", request.Password ?? ""));

    public static async Task<Ok<StaffUserView>> ConfirmTotp(ConfirmTotpRequest request, StaffAccounts accounts) =>
        TypedResults.Ok(await accounts.Of(request.Email).ConfirmTotpAsync(request.Password ?? "", request.TotpCode ?? ""));

    public static async Task<Accepted> RequestPasswordReset(PasswordResetRequest request, StaffAccounts accounts)
    {
        await accounts.Of(request.Email).RequestPasswordResetAsync(request.Channel ?? CodeChannel.Email);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<NoContent> ConfirmPasswordReset(PasswordResetConfirmation request, StaffAccounts accounts)
    {
        await accounts.Of(request.Email).ConfirmPasswordResetAsync(request.Code ?? "", request.NewPassword ?? "");
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: Problems.TitleOf(status), extensions: new Dictionary<string, object?> { ["code"] = code });
}

public sealed record LoginRequest(string? Email, string? Password, string? TotpCode);

public sealed record SessionResponse(string Token, DateTimeOffset ExpiresAt, StaffPrincipal Principal);

public sealed record CallerView(string Kind, string? Id, string? Oprid, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes);

public sealed record AcceptInvitationRequest(string? Email, string? Code, string? Password);

public sealed record ConfirmTotpRequest(string? Email, string? Password, string? TotpCode);

public sealed record PasswordResetRequest(string? Email, CodeChannel? Channel);

public sealed record PasswordResetConfirmation(string? Email, string? Code, string? NewPassword);
