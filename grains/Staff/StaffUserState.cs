using Lottopar.GrainInterfaces.Staff;
using Lottopar.Providers.Abstractions;

namespace Lottopar.Grains.Staff;

public sealed class StaffUserState : IHasOutbox
{
    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();

    public string Email { get; set; } = "";

    public string FullName { get; set; } = "";

    public string? Mobile { get; set; }

    public List<string> Roles { get; set; } = [];

    public string? Oprid { get; set; }

    /// <summary>The holder's CPF, masked (the CPF itself is not kept here; its bar is in the CPF restrictions).</summary>
    public string? MaskedCpf { get; set; }

    public StaffStatus Status { get; set; }

    /// <summary>ASP.NET Core Identity PasswordHasher output (PBKDF2).</summary>
    public string? PasswordHash { get; set; }

    /// <summary>The authenticator key, encrypted with the silo's data protection keys.</summary>
    public string? ProtectedTotpSecret { get; set; }

    /// <summary>The last accepted authenticator step: a code is never accepted twice.</summary>
    public long LastTotpStep { get; set; } = -1;

    /// <summary>When the latest reset messages were sent (the last hour's), to limit them.</summary>
    public List<DateTimeOffset> ResetMessagesSent { get; set; } = [];

    public PendingCode? Code { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? LastSignInAt { get; set; }
}

public enum CodePurpose
{
    Invitation,
    PasswordReset,
}

/// <summary>A one-time code sent by e-mail or SMS, stored hashed.</summary>
public sealed record PendingCode(CodePurpose Purpose, string Hash, DateTimeOffset ExpiresAt, int FailedAttempts);
