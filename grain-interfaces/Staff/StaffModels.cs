namespace Lottopar.GrainInterfaces.Staff;

/// <summary>
/// LOTTOPAR roles (admin, integrity analyst, auditor: read-only) and operator roles (operator
/// admin, operator viewer), the latter bound to one OPRID. On the wire in kebab-case.
/// </summary>
[Orleans.GenerateSerializer]
public enum StaffRole
{
    LottoparAdmin,
    IntegrityAnalyst,
    Auditor,
    OperatorAdmin,
    OperatorViewer,
}

public static class StaffRoles
{
    private static readonly Dictionary<StaffRole, string> Names = new()
    {
        [StaffRole.LottoparAdmin] = "lottopar-admin",
        [StaffRole.IntegrityAnalyst] = "integrity-analyst",
        [StaffRole.Auditor] = "auditor",
        [StaffRole.OperatorAdmin] = "operator-admin",
        [StaffRole.OperatorViewer] = "operator-viewer",
    };

    public static string WireName(this StaffRole role) => Names[role];

    public static bool IsOperatorRole(this StaffRole role) => role is StaffRole.OperatorAdmin or StaffRole.OperatorViewer;

    public static bool TryParse(string? name, out StaffRole role)
    {
        foreach (var (value, wire) in Names)
        {
            if (wire == name)
            {
                role = value;
                return true;
            }
        }

        role = default;
        return false;
    }

    public static IReadOnlyList<string> All => [.. Names.Values];
}

[Orleans.GenerateSerializer]
public enum StaffStatus
{
    /// <summary>Created; the person has not yet chosen a password.</summary>
    Invited,

    /// <summary>Password chosen; the authenticator app is not confirmed yet.</summary>
    Enrolling,

    Active,
    Disabled,
}

[Orleans.GenerateSerializer]
public enum CodeChannel
{
    Email,
    Sms,
}

/// <summary>
/// What an admin fills in to create a staff account. With the person's CPF, the account's holder is
/// barred from betting (Lei 14.790/2023 art. 26: regulators' staff, LOTTOPAR's among them, and
/// operators' staff) from its creation.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record StaffUserDraft(
    [property: Orleans.Id(0)] string Email,
    [property: Orleans.Id(1)] string FullName,
    [property: Orleans.Id(2)] string? Mobile,
    [property: Orleans.Id(3)] IReadOnlyList<string> Roles,
    [property: Orleans.Id(4)] string? Oprid,
    [property: Orleans.Id(5)] string? Cpf = null);

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record StaffUserView(
    [property: Orleans.Id(0)] string Email,
    [property: Orleans.Id(1)] string FullName,
    [property: Orleans.Id(2)] string? Mobile,
    [property: Orleans.Id(3)] IReadOnlyList<string> Roles,
    [property: Orleans.Id(4)] string? Oprid,
    [property: Orleans.Id(5)] StaffStatus Status,
    [property: Orleans.Id(6)] DateTimeOffset CreatedAt,
    [property: Orleans.Id(7)] string CreatedBy,
    [property: Orleans.Id(8)] DateTimeOffset? LastLoginAt,
    [property: Orleans.Id(9)] string? Cpf = null);

/// <summary>Who is signed in: what authorization decisions need, nothing secret.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record StaffPrincipal(
    [property: Orleans.Id(0)] string Email,
    [property: Orleans.Id(1)] string FullName,
    [property: Orleans.Id(2)] IReadOnlyList<string> Roles,
    [property: Orleans.Id(3)] string? Oprid);

/// <summary>The secret to put in an authenticator app (shown once).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record TotpEnrollment(
    [property: Orleans.Id(0)] string SecretBase32,
    [property: Orleans.Id(1)] string OtpAuthUri);

[Orleans.GenerateSerializer]
public enum LoginOutcome
{
    SignedIn,

    /// <summary>Wrong e-mail, password or code: the response never says which.</summary>
    InvalidCredentials,

    /// <summary>Too many failures from this client address: it waits <see cref="LoginResult.RetryAfter"/> (other addresses do not).</summary>
    Throttled,

    /// <summary>The right password and code, but the account is not active (invited, enrolling or disabled).</summary>
    NotActive,
}

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record LoginResult(
    [property: Orleans.Id(0)] LoginOutcome Outcome,
    [property: Orleans.Id(1)] StaffPrincipal? Principal,
    [property: Orleans.Id(2)] TimeSpan? RetryAfter);
