using Lottopar.GrainInterfaces.Staff;
using Microsoft.AspNetCore.Authorization;

namespace Lottopar.Silo.Security;

/// <summary>The authorization policies, by who may do what.</summary>
public static class Policies
{
    /// <summary>LOTTOPAR administrators: every change through the admin API.</summary>
    public const string LottoparAdmin = "lottopar-admin";

    /// <summary>LOTTOPAR admins, integrity analysts and auditors: reading everything.</summary>
    public const string LottoparStaff = "lottopar-staff";

    /// <summary>LOTTOPAR admins and integrity analysts: working integrity alerts and cases.</summary>
    public const string IntegrityAnalyst = "integrity-analyst";

    /// <summary>Any staff member signed in, LOTTOPAR's or an operator's (never an API key): the back office's pages, which confine operators to their own data.</summary>
    public const string AnyStaff = "any-staff";

    /// <summary>An operator's staff (administrators and viewers), signed in: the back office's "my operator" pages.</summary>
    public const string OperatorStaff = "operator-staff";

    /// <summary>Anyone signed in (staff session or API key); routes then confine operators to their own data.</summary>
    public const string AnyCaller = "any-caller";

    /// <summary>An operator's system, with its API key (the integration APIs).</summary>
    public const string ApiKeyCaller = "api-key-caller";

    public static AuthorizationBuilder AddLottoparPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(LottoparAdmin, p => p.AddAuthenticationSchemes(AuthenticationSchemes.StaffBearer).RequireRole(StaffRole.LottoparAdmin.WireName()))
        .AddPolicy(LottoparStaff, p => p.AddAuthenticationSchemes(AuthenticationSchemes.StaffBearer)
            .RequireRole(StaffRole.LottoparAdmin.WireName(), StaffRole.IntegrityAnalyst.WireName(), StaffRole.Auditor.WireName()))
        .AddPolicy(IntegrityAnalyst, p => p.AddAuthenticationSchemes(AuthenticationSchemes.StaffBearer)
            .RequireRole(StaffRole.LottoparAdmin.WireName(), StaffRole.IntegrityAnalyst.WireName()))
        .AddPolicy(OperatorStaff, p => p.AddAuthenticationSchemes(AuthenticationSchemes.StaffBearer)
            .RequireRole(StaffRole.OperatorAdmin.WireName(), StaffRole.OperatorViewer.WireName()))
        .AddPolicy(AnyStaff, p => p.AddAuthenticationSchemes(AuthenticationSchemes.StaffBearer).RequireAuthenticatedUser())
        .AddPolicy(AnyCaller, p => p.AddAuthenticationSchemes(AuthenticationSchemes.Caller).RequireAuthenticatedUser())
        .AddPolicy(ApiKeyCaller, p => p.AddAuthenticationSchemes(AuthenticationSchemes.ApiKey).RequireAuthenticatedUser());
}
