using System.Security.Claims;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Runtime;
using Lottopar.Silo.Apis.Admin;
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
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Sign-in");
        group.MapPost("/login", Login).WithName("Login").WithSummary("Password and authenticator code; returns a bearer token.");
        group.MapPost("/logout", Logout).WithName("Logout").RequireAuthorization(Policies.AnyCaller);
        group.MapGet("/me", Me).WithName("Me").RequireAuthorization(Policies.AnyCaller);
        group.MapPost("/invitations/accept", AcceptInvitation).WithName("AcceptInvitation")
            .WithSummary("Invitation code and a new password; returns the authenticator secret to enrol.");
        group.MapPost("/totp/confirm", ConfirmTotp).WithName("ConfirmTotp").WithSummary("First authenticator code: the account becomes active.");
        group.MapPost("/password-reset", RequestPasswordReset).WithName("RequestPasswordReset").WithSummary("Sends a reset code by e-mail or SMS (always 202).");
        group.MapPost("/password-reset/confirm", ConfirmPasswordReset).WithName("ConfirmPasswordReset");
        return app;
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> Login(
        LoginRequest request, IGrainFactory grains, TimeProvider clock, IOptions<SiloOptions> silo)
    {
        var result = await grains.GetGrain<IStaffUserGrain>(StaffAdminApi.AccountKey(request.Email)).LoginAsync(request.Password ?? "", request.TotpCode ?? "");
        switch (result.Outcome)
        {
            case LoginOutcome.SignedIn:
                var token = StaffBearerAuthenticationHandler.NewToken();
                var expiresAt = clock.GetUtcNow() + silo.Value.SessionLifetime;
                await grains.GetGrain<IStaffSessionGrain>(StaffBearerAuthenticationHandler.SessionKey(token)).StartAsync(result.Principal!.Email, expiresAt);
                return TypedResults.Ok(new SessionResponse(token, expiresAt, result.Principal));
            case LoginOutcome.LockedOut:
                return Problem(423, "locked_out", $"Too many failed sign-ins: the account is locked until {result.LockedUntil:u}. A password reset lifts the lock.");
            case LoginOutcome.NotActive:
                return Problem(403, "not_active", "This account is not active.");
            default:
                return Problem(401, "invalid_credentials", "Wrong e-mail, password or authenticator code.");
        }
    }

    public static async Task<NoContent> Logout(HttpRequest request, IGrainFactory grains)
    {
        if (StaffBearerAuthenticationHandler.TokenOf(request) is { } token)
        {
            await grains.GetGrain<IStaffSessionGrain>(StaffBearerAuthenticationHandler.SessionKey(token)).EndAsync();
        }

        return TypedResults.NoContent();
    }

    public static Ok<CallerView> Me(ClaimsPrincipal user) => TypedResults.Ok(new CallerView(
        user.IsApiKey() ? "api-key" : "staff",
        user.FindFirstValue(CallerClaims.Email) ?? user.FindFirstValue(CallerClaims.KeyPrefix),
        user.OpridOf(),
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)],
        [.. user.FindAll(CallerClaims.Scope).Select(c => c.Value)]));

    public static async Task<Ok<TotpEnrollment>> AcceptInvitation(AcceptInvitationRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IStaffUserGrain>(StaffAdminApi.AccountKey(request.Email)).AcceptInvitationAsync(request.Code ?? "", request.Password ?? ""));

    public static async Task<Ok<StaffUserView>> ConfirmTotp(ConfirmTotpRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IStaffUserGrain>(StaffAdminApi.AccountKey(request.Email)).ConfirmTotpAsync(request.Password ?? "", request.TotpCode ?? ""));

    public static async Task<Accepted> RequestPasswordReset(PasswordResetRequest request, IGrainFactory grains)
    {
        await grains.GetGrain<IStaffUserGrain>(StaffAdminApi.AccountKey(request.Email)).RequestPasswordResetAsync(request.Channel ?? CodeChannel.Email);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<NoContent> ConfirmPasswordReset(PasswordResetConfirmation request, IGrainFactory grains)
    {
        await grains.GetGrain<IStaffUserGrain>(StaffAdminApi.AccountKey(request.Email)).ConfirmPasswordResetAsync(request.Code ?? "", request.NewPassword ?? "");
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
