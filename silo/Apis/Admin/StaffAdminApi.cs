using System.Security.Claims;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Apis.Admin;

/// <summary>Back-office accounts, for LOTTOPAR admins: create (an invitation is sent), list, disable, reset the second factor.</summary>
public static class StaffAdminApi
{
    public static IEndpointRouteBuilder MapStaffAdminApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/admin/staff").WithTags("Admin: staff").RequireAuthorization(Policies.LottoparStaff);
        read.MapGet("/", ListStaff).WithName("ListStaff").WithSummary("Accounts, optionally of one operator (?oprid=).");
        read.MapGet("/{email}", GetStaff).WithName("GetStaff");

        var admin = app.MapGroup("/admin/staff").WithTags("Admin: staff").RequireAuthorization(Policies.LottoparAdmin);
        admin.MapPost("/", CreateStaff).WithName("CreateStaff").WithSummary("Creates an account; an invitation code goes to its e-mail.");
        admin.MapPost("/{email}/disable", Disable).WithName("DisableStaff");
        admin.MapPost("/{email}/enable", Enable).WithName("EnableStaff");
        admin.MapPost("/{email}/reset-second-factor", ResetSecondFactor).WithName("ResetStaffSecondFactor")
            .WithSummary("Drops the authenticator and the password; a new invitation is sent.");
        return app;
    }

    public static async Task<Created<StaffUserView>> CreateStaff(StaffUserDraft draft, StaffAccounts accounts, ClaimsPrincipal user)
    {
        var email = StaffAccounts.Normalize(draft?.Email);
        var view = await accounts.Of(email).CreateAsync(draft!, user.ToActor());
        return TypedResults.Created($"/admin/staff/{email}", view);
    }

    public static async Task<Ok<IReadOnlyList<StaffSummary>>> ListStaff(string? oprid, ReadModels readModels, CancellationToken cancellationToken) =>
        TypedResults.Ok(await readModels.StaffAsync(oprid, cancellationToken));

    public static async Task<Ok<StaffUserView>> GetStaff(string email, StaffAccounts accounts) =>
        TypedResults.Ok(await accounts.Of(email).GetAsync());

    public static async Task<Ok<StaffUserView>> Disable(string email, ReasonRequest request, StaffAccounts accounts, ClaimsPrincipal user) =>
        TypedResults.Ok(await accounts.Of(email).SetDisabledAsync(true, request.Reason ?? "", user.ToActor()));

    public static async Task<Ok<StaffUserView>> Enable(string email, ReasonRequest request, StaffAccounts accounts, ClaimsPrincipal user) =>
        TypedResults.Ok(await accounts.Of(email).SetDisabledAsync(false, request.Reason ?? "", user.ToActor()));

    public static async Task<Ok<StaffUserView>> ResetSecondFactor(string email, StaffAccounts accounts, ClaimsPrincipal user) =>
        TypedResults.Ok(await accounts.Of(email).ResetSecondFactorAsync(user.ToActor()));
}

public sealed record ReasonRequest(string? Reason);
