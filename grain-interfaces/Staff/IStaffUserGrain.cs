using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Staff;

/// <summary>
/// A back-office account (LOTTOPAR or operator staff), keyed by its e-mail in lower case.
/// Password hashed with ASP.NET Core Identity's PasswordHasher; second factor TOTP (RFC 6238);
/// lockout after repeated failures; one-time codes by e-mail or SMS for invitations and resets.
/// </summary>
public interface IStaffUserGrain : Orleans.IGrainWithStringKey
{
    /// <summary>Creates the account and sends an invitation code to its e-mail.</summary>
    Task<StaffUserView> CreateAsync(StaffUserDraft draft, Actor actor);

    /// <summary>Creates an active account directly (the first admin, from the command line); returns its authenticator secret.</summary>
    Task<TotpEnrollment> BootstrapAsync(StaffUserDraft draft, string password, Actor actor);

    Task<StaffUserView> GetAsync();

    /// <summary>With the invitation code: sets the password; returns the authenticator secret to enrol.</summary>
    Task<TotpEnrollment> AcceptInvitationAsync(string code, string password);

    /// <summary>Confirms the authenticator with a first code; the account becomes active.</summary>
    Task<StaffUserView> ConfirmTotpAsync(string password, string totpCode);

    /// <summary>
    /// Password and current authenticator code. Repeated failures from one client address make that
    /// address wait, longer each time; other addresses are not affected.
    /// </summary>
    Task<LoginResult> LoginAsync(string password, string totpCode, string clientAddress);

    /// <summary>
    /// Sends a one-time reset code by e-mail or SMS. Does nothing for unknown accounts (no
    /// enumeration), nor beyond a few messages an hour per account (no flooding a person).
    /// </summary>
    Task RequestPasswordResetAsync(CodeChannel channel);

    /// <summary>Sets a new password with a reset code; also clears every address's sign-in wait.</summary>
    Task ConfirmPasswordResetAsync(string code, string newPassword);

    /// <summary>Whether the account may still act (sessions check this on every request).</summary>
    Task<StaffPrincipal?> GetActivePrincipalAsync();

    Task<StaffUserView> SetDisabledAsync(bool disabled, string reason, Actor actor);

    /// <summary>Drops the authenticator; the person enrols again with a new invitation.</summary>
    Task<StaffUserView> ResetSecondFactorAsync(Actor actor);
}

/// <summary>
/// A signed-in session, keyed by the SHA-256 of its bearer token (the token itself is stored nowhere).
/// On Orleans (issue 16).
/// </summary>
public interface IStaffSessionGrain : Orleans.IGrainWithStringKey
{
    Task StartAsync(string email, DateTimeOffset expiresAt);

    /// <summary>The principal while the session is valid and its account active; null otherwise.</summary>
    Task<StaffPrincipal?> ValidateAsync();

    Task EndAsync();
}
