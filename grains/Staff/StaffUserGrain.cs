using System.Globalization;
using System.Security.Cryptography;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.CpfChecks;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Security;
using Lottopar.Providers.Abstractions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Staff;

/// <summary>
/// A staff account (LOTTOPAR or an operator's), on Orleans (issue 16). Its key is a keyed hash of
/// the e-mail (<see cref="PersonalGrainKeys.StaffAccount"/>), never the e-mail, which Orleans would
/// write into its logs; the e-mail is in the state, and a new account's draft must hash to the key.
/// </summary>
[GrainType("staff_user")]
public sealed class StaffUserGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<StaffUserState> state,
    TimeProvider clock,
    ISecretProtector secrets,
    INotificationSender notifications,
    DeploymentContext deployment,
    PersonalGrainKeys keys,
    IOptions<StaffOptions> options)
    : OrleansAuditedGrain<StaffUserState>(state, clock), IStaffUserGrain
{
    public const string TargetType = "staff";
    private static readonly PasswordHasher<StaffUserState> Hasher = new();

    // Verified against when the account does not exist, so timing does not tell accounts apart.
    private static readonly string DecoyHash = Hasher.HashPassword(new StaffUserState(), "decoy-password-for-timing");

    private readonly StaffOptions _options = options.Value;
    private SignInThrottle? _throttle;

    protected override string AuditTargetType => TargetType;

    /// <summary>The account's e-mail; empty until the account exists.</summary>
    private string Email => State.Email;

    public async Task<StaffUserView> CreateAsync(StaffUserDraft draft, Actor actor)
    {
        var account = await PrepareAsync(draft);
        await BarFromBettingAsync(account);
        Fill(account, actor, StaffStatus.Invited);
        var code = NewCode(CodePurpose.Invitation, _options.InvitationValidity);
        await SaveAsync(actor, "staff.created", before: null);
        await SendCodeAsync(CodeChannel.Email, "LOTTOPAR: convite para o back office",
            $"Seu código de convite é {code}. Ele vale até {State.Code!.ExpiresAt:yyyy-MM-dd HH:mm} UTC.");
        return View();
    }

    public async Task<TotpEnrollment> BootstrapAsync(StaffUserDraft draft, string password, Actor actor)
    {
        var account = await PrepareAsync(draft);
        StaffRules.RequireStrongPassword(password, account.Email, _options.MinimumPasswordLength);
        await BarFromBettingAsync(account);
        Fill(account, actor, StaffStatus.Active);
        State.PasswordHash = Hasher.HashPassword(State, password);
        var enrollment = NewAuthenticator();
        await SaveAsync(actor, "staff.bootstrapped", before: null);
        return enrollment;
    }

    public Task<StaffUserView> GetAsync() => Task.FromResult(View());

    public async Task<TotpEnrollment> AcceptInvitationAsync(string code, string password)
    {
        if (State.Status != StaffStatus.Invited)
        {
            throw DomainValidationException.For("code", "Invalid or expired code.");
        }

        await ConsumeCodeAsync(CodePurpose.Invitation, code);
        StaffRules.RequireStrongPassword(password, Email, _options.MinimumPasswordLength);
        var before = View();
        State.PasswordHash = Hasher.HashPassword(State, password);
        State.Status = StaffStatus.Enrolling;
        var enrollment = NewAuthenticator();
        await SaveAsync(Self(), "staff.invitation_accepted", before);
        return enrollment;
    }

    public async Task<StaffUserView> ConfirmTotpAsync(string password, string totpCode)
    {
        if (State.Status != StaffStatus.Enrolling || !PasswordMatches(password) || !TotpMatches(totpCode, out var step))
        {
            throw DomainValidationException.For("totpCode", "The password or the authenticator code is wrong.");
        }

        var before = View();
        State.LastTotpStep = step;
        State.Status = StaffStatus.Active;
        await SaveAsync(Self(), "staff.activated", before);
        return View();
    }

    /// <remarks>
    /// A failure writes nothing: the waits per address live in this activation (an account idle
    /// long enough to be collected has had time to wait anyway), so failed sign-ins cost the
    /// database nothing. Unknown accounts wait alike, so the answers never tell them apart.
    /// </remarks>
    public async Task<LoginResult> LoginAsync(string password, string totpCode, string clientAddress)
    {
        var now = Clock.GetUtcNow();
        var throttle = _throttle ??= new SignInThrottle(_options.SignInFailuresBeforeDelay, _options.FirstSignInDelay, _options.LongestSignInDelay);
        if (throttle.RetryAfter(clientAddress, now) is { } wait)
        {
            return new LoginResult(LoginOutcome.Throttled, null, wait);
        }

        if (!RecordExists || State.PasswordHash is null)
        {
            Hasher.VerifyHashedPassword(State, DecoyHash, password ?? "");
            return Failed(throttle, clientAddress, now);
        }

        if (!PasswordMatches(password) || State.ProtectedTotpSecret is null || !TotpMatches(totpCode, out var step))
        {
            return Failed(throttle, clientAddress, now);
        }

        if (State.Status != StaffStatus.Active)
        {
            return new LoginResult(LoginOutcome.NotActive, null, null);
        }

        throttle.Succeeded(clientAddress);
        State.LastTotpStep = step;
        State.LastSignInAt = now;
        await WriteStateAsync();
        return new LoginResult(LoginOutcome.SignedIn, Principal(), null);
    }

    public async Task RequestPasswordResetAsync(CodeChannel channel)
    {
        if (!RecordExists || State.Status is not (StaffStatus.Active or StaffStatus.Enrolling) || (channel == CodeChannel.Sms && State.Mobile is null))
        {
            return;
        }

        var now = Clock.GetUtcNow();
        State.ResetMessagesSent.RemoveAll(sent => now - sent >= TimeSpan.FromHours(1));
        if (State.ResetMessagesSent.Count >= _options.ResetMessagesPerHour)
        {
            return;
        }

        State.ResetMessagesSent.Add(now);
        var code = NewCode(CodePurpose.PasswordReset, _options.ResetCodeValidity);
        await WriteStateAsync();
        await SendCodeAsync(channel, "LOTTOPAR: redefinição de senha",
            $"Seu código para redefinir a senha é {code}. Ele vale {_options.ResetCodeValidity.TotalMinutes:0} minutos.");
    }

    public async Task ConfirmPasswordResetAsync(string code, string newPassword)
    {
        if (!RecordExists || State.Status is not (StaffStatus.Active or StaffStatus.Enrolling))
        {
            throw DomainValidationException.For("code", "Invalid or expired code.");
        }

        await ConsumeCodeAsync(CodePurpose.PasswordReset, code);
        StaffRules.RequireStrongPassword(newPassword, Email, _options.MinimumPasswordLength);
        var before = View();
        State.PasswordHash = Hasher.HashPassword(State, newPassword);
        await SaveAsync(Self(), "staff.password_reset", before);
        _throttle?.Clear();
    }

    public Task<StaffPrincipal?> GetActivePrincipalAsync() =>
        Task.FromResult(RecordExists && State.Status == StaffStatus.Active ? Principal() : null);

    public async Task<StaffUserView> SetDisabledAsync(bool disabled, string reason, Actor actor)
    {
        var before = View();
        if (disabled == (State.Status == StaffStatus.Disabled))
        {
            throw new DomainConflictException("disabled", disabled ? $"{Email} is already disabled." : $"{Email} is not disabled.");
        }

        // Re-enabled accounts go back to where they were in enrolment: a fresh invitation if unsure.
        State.Status = disabled ? StaffStatus.Disabled : (State.ProtectedTotpSecret is null ? StaffStatus.Invited : StaffStatus.Active);
        await SaveAsync(actor, disabled ? "staff.disabled" : "staff.enabled", before, reason);
        return View();
    }

    public async Task<StaffUserView> ResetSecondFactorAsync(Actor actor)
    {
        var before = View();
        State.ProtectedTotpSecret = null;
        State.LastTotpStep = -1;
        State.PasswordHash = null;
        State.Status = StaffStatus.Invited;
        var code = NewCode(CodePurpose.Invitation, _options.InvitationValidity);
        await SaveAsync(actor, "staff.second_factor_reset", before);
        await SendCodeAsync(CodeChannel.Email, "LOTTOPAR: novo cadastro do autenticador",
            $"Seu acesso foi reiniciado. Código de convite: {code}. Ele vale até {State.Code!.ExpiresAt:yyyy-MM-dd HH:mm} UTC.");
        return View();
    }

    private async Task<StaffUserDraft> PrepareAsync(StaffUserDraft draft)
    {
        if (RecordExists)
        {
            throw new DomainConflictException("email", $"An account for {Email} already exists.");
        }

        var account = StaffRules.Normalize(draft, email => keys.StaffAccount(email) == this.GetPrimaryKeyString());
        if (account.Oprid is not null)
        {
            await GrainFactory.Keyed<IOperatorGrain>(account.Oprid).GetAsync();
        }

        return account;
    }

    /// <summary>
    /// The holder of an account with a CPF is barred from betting (Lei 14.790/2023 art. 26): LOTTOPAR's
    /// staff as regulators, operators' staff as theirs. Barred before the account is saved: a failure
    /// after it leaves a bar without an account, never an account without its bar. LOTTOPAR admins lift
    /// a bar through the CPF restrictions (audited).
    /// </summary>
    private async Task BarFromBettingAsync(StaffUserDraft account)
    {
        if (account.Cpf is not { } cpf)
        {
            return;
        }

        var category = account.Oprid is null ? BarredCategory.RegulatorStaff : BarredCategory.OperatorStaff;
        var who = account.Oprid is null ? "LOTTOPAR" : account.Oprid;
        await GrainFactory.Keyed<ICpfRestrictionsGrain>(keys.Player(cpf)).AddAsync(cpf,
            new CpfRestrictionRequest(CpfRestrictionKind.Barred, category, null, null, $"Conta de staff {account.Email} ({who}): Lei 14.790/2023 art. 26"),
            Actor.System("staff-accounts"));
    }

    private void Fill(StaffUserDraft account, Actor actor, StaffStatus status)
    {
        State.MaskedCpf = account.Cpf is { } cpf ? Validation.Cpf.Mask(cpf) : null;
        State.Email = account.Email;
        State.FullName = account.FullName;
        State.Mobile = account.Mobile;
        State.Roles = [.. account.Roles];
        State.Oprid = account.Oprid;
        State.Status = status;
        State.CreatedAt = Clock.GetUtcNow();
        State.CreatedBy = actor.ToString();
    }

    private static LoginResult Failed(SignInThrottle throttle, string clientAddress, DateTimeOffset now)
    {
        throttle.Failed(clientAddress, now);
        return new LoginResult(LoginOutcome.InvalidCredentials, null, null);
    }

    private bool PasswordMatches(string? password) =>
        State.PasswordHash is not null && Hasher.VerifyHashedPassword(State, State.PasswordHash, password ?? "") != PasswordVerificationResult.Failed;

    private bool TotpMatches(string? code, out long step)
    {
        step = -1;
        if (State.ProtectedTotpSecret is null)
        {
            return false;
        }

        var secret = Base32.Decode(secrets.Unprotect(State.ProtectedTotpSecret));
        return Totp.Verify(secret, code, Clock.GetUtcNow(), _options.TotpDriftSteps, out step) && step > State.LastTotpStep;
    }

    private TotpEnrollment NewAuthenticator()
    {
        var secret = Totp.NewSecret();
        var base32 = Base32.Encode(secret);
        State.ProtectedTotpSecret = secrets.Protect(base32);
        State.LastTotpStep = -1;
        // The environment in the issuer tells a person's homologation and production entries apart.
        var issuer = deployment.Environment == DeploymentEnvironment.Production ? _options.TotpIssuer : $"{_options.TotpIssuer} {deployment.Environment.Display()}";
        return new TotpEnrollment(base32, Totp.OtpAuthUri(issuer, Email, secret));
    }

    /// <summary>An 8-digit one-time code; only its hash is kept, with an expiry and an attempt budget.</summary>
    private string NewCode(CodePurpose purpose, TimeSpan validity)
    {
        var code = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        State.Code = new PendingCode(purpose, Hasher.HashPassword(State, code), Clock.GetUtcNow() + validity, 0);
        return code;
    }

    private async Task ConsumeCodeAsync(CodePurpose purpose, string? code)
    {
        var pending = State.Code;
        if (pending is null || pending.Purpose != purpose || pending.ExpiresAt <= Clock.GetUtcNow() || pending.FailedAttempts >= _options.CodeMaxAttempts)
        {
            throw DomainValidationException.For("code", "Invalid or expired code.");
        }

        if (Hasher.VerifyHashedPassword(State, pending.Hash, code ?? "") == PasswordVerificationResult.Failed)
        {
            State.Code = pending with { FailedAttempts = pending.FailedAttempts + 1 };
            await WriteStateAsync();
            throw DomainValidationException.For("code", "Invalid or expired code.");
        }

        State.Code = null;
    }

    private Task SendCodeAsync(CodeChannel channel, string subject, string body) =>
        notifications.SendAsync(new OutgoingNotification(channel, channel == CodeChannel.Email ? State.Email : State.Mobile!, subject, body));

    private Task SaveAsync(Actor actor, string action, StaffUserView? before, string? reason = null) =>
        SaveAuditedAsync(actor, action, Email, before, View(), reason);

    private Actor Self() => new(ActorKind.Staff, Email, State.FullName);

    private StaffPrincipal Principal() => new(State.Email, State.FullName, [.. State.Roles], State.Oprid);

    private StaffUserView View()
    {
        if (!RecordExists && State.Roles.Count == 0)
        {
            throw new DomainNotFoundException("No staff account has this e-mail.");
        }

        return new StaffUserView(State.Email, State.FullName, State.Mobile, [.. State.Roles], State.Oprid, State.Status,
            State.CreatedAt, State.CreatedBy, State.LastSignInAt, State.MaskedCpf);
    }
}
