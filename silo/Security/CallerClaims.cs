using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Staff;

namespace Lottopar.Silo.Security;

/// <summary>The claims a caller carries, whichever way it signed in, and what they mean.</summary>
public static class CallerClaims
{
    public const string Oprid = "oprid";
    public const string Scope = "scope";
    public const string KeyPrefix = "key_prefix";
    public const string Email = "email";
    public const string Name = "name";

    /// <summary>The staff session's grain key (a hash of its token, not the token): the back office re-checks the session by it.</summary>
    public const string SessionKey = "session_key";

    public static string? OpridOf(this ClaimsPrincipal user) => user.FindFirstValue(Oprid);

    public static bool IsApiKey(this ClaimsPrincipal user) => user.Identity?.AuthenticationType == AuthenticationSchemes.ApiKey;

    public static bool IsLottoparStaff(this ClaimsPrincipal user) =>
        user.IsInRole(StaffRole.LottoparAdmin.WireName()) || user.IsInRole(StaffRole.IntegrityAnalyst.WireName()) || user.IsInRole(StaffRole.Auditor.WireName());

    /// <summary>
    /// Whether this caller may see the given operator's data: LOTTOPAR staff see all; an operator's
    /// staff and keys see their own operator only.
    /// </summary>
    public static bool MaySee(this ClaimsPrincipal user, string oprid) =>
        user.IsLottoparStaff() || string.Equals(user.OpridOf(), oprid, StringComparison.Ordinal);

    /// <summary>
    /// The one check confining an operator to its own data: <paramref name="oprid"/> when this caller
    /// may see it; otherwise "not found", as if the operator did not exist.
    /// </summary>
    public static string Own(this ClaimsPrincipal user, string oprid) =>
        user.MaySee(oprid) ? oprid : throw new DomainNotFoundException($"No operator has OPRID {oprid}.");

    /// <summary>Who to record as having done something.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) => user.IsApiKey()
        ? new Actor(ActorKind.ApiKey, user.FindFirstValue(KeyPrefix) ?? "unknown")
        : new Actor(ActorKind.Staff, user.FindFirstValue(Email) ?? "unknown", user.FindFirstValue(Name));

    public static ClaimsPrincipal ForStaff(StaffPrincipal principal, string sessionKey)
    {
        var claims = new List<Claim> { new(Email, principal.Email), new(Name, principal.FullName), new(SessionKey, sessionKey) };
        claims.AddRange(principal.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (principal.Oprid is not null)
        {
            claims.Add(new Claim(Oprid, principal.Oprid));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationSchemes.StaffBearer, Email, ClaimTypes.Role));
    }

    public static ClaimsPrincipal ForApiKey(string oprid, string keyPrefix, IEnumerable<string> scopes)
    {
        var claims = new List<Claim> { new(Oprid, oprid), new(KeyPrefix, keyPrefix) };
        claims.AddRange(scopes.Select(s => new Claim(Scope, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationSchemes.ApiKey, KeyPrefix, ClaimTypes.Role));
    }
}

public static class AuthenticationSchemes
{
    public const string ApiKey = "ApiKey";
    public const string StaffBearer = "StaffBearer";

    /// <summary>Picks ApiKey when an x-api-key header is present, StaffBearer otherwise.</summary>
    public const string Caller = "Caller";
}
