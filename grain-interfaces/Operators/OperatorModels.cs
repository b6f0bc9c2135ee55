namespace Lottopar.GrainInterfaces.Operators;

/// <summary>What LOTTOPAR records to onboard an operator (manual, part 2).</summary>
public sealed record OperatorRegistration(string LegalName, string Cnpj, License License, ContactPerson Contact);

/// <summary>The operator's license: number, type, authorized games, validity (dates in Brasília time, inclusive).</summary>
public sealed record License(string Number, string Type, IReadOnlyList<string> AuthorizedGames, DateOnly ValidFrom, DateOnly ValidUntil);

/// <summary>The operator's contact person for the monitoring system; e-mail and mobile also receive password resets.</summary>
public sealed record ContactPerson(string FullName, string Email, string Landline, string Mobile, PostalAddress Address);

public sealed record PostalAddress(string Street, string Number, string? Complement, string District, string City, string State, string PostalCode);

/// <summary>pending -> active -> suspended -> revoked. Pending operators may integrate in homologation only.</summary>
public enum OperatorStatus
{
    Pending,
    Active,
    Suspended,
    Revoked,
}

public sealed record StatusChange(OperatorStatus From, OperatorStatus To, string Reason, string Actor, DateTimeOffset At);

public sealed record LicenseWarning(DateTimeOffset At, string Message);

/// <summary>
/// A POS terminal (taquilla) of a lottery provider: its poscod (1 to 5 digits, unique within the
/// provider), the serial of its fiscal printer (serialifa: 10 letters or digits, unique on the
/// platform), whether it may sell, and whether it is the provider's administrative POS (the one
/// under which cancellations, prize registrations and result queries are made; at most one).
/// </summary>
public sealed record PosTerminal(string PosCode, string PrinterSerial, bool Active, bool Administrative, DateTimeOffset RegisteredAt);

/// <summary>The operator as a lottery provider: its provider code (providercod), POS terminals and allowed client addresses.</summary>
public sealed record LotteryProviderView(string Oprid, string? ProviderCode, bool Enabled, IReadOnlyList<string> AllowedIps, IReadOnlyList<PosTerminal> PosTerminals);

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record VaultSshKey(
    [property: Orleans.Id(0)] string Fingerprint,
    [property: Orleans.Id(1)] string Algorithm,
    [property: Orleans.Id(2)] string PublicKey,
    [property: Orleans.Id(3)] string? Comment,
    [property: Orleans.Id(4)] DateTimeOffset AddedAt);

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record VaultSigningCertificate(
    [property: Orleans.Id(0)] string Subject,
    [property: Orleans.Id(1)] string ThumbprintSha256,
    [property: Orleans.Id(2)] string KeyAlgorithm,
    [property: Orleans.Id(3)] DateTimeOffset NotBefore,
    [property: Orleans.Id(4)] DateTimeOffset NotAfter,
    [property: Orleans.Id(5)] string Pem);

/// <summary>Credentials for the SFTP vault: SSH keys to log in, the certificate that signs the hourly files.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record VaultCredentialsView(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] IReadOnlyList<VaultSshKey> SshKeys,
    [property: Orleans.Id(2)] VaultSigningCertificate? SigningCertificate);

/// <summary>An operator's registration, license, contact and status (no secrets).</summary>
public sealed record OperatorView(
    string Oprid,
    string LegalName,
    string Cnpj,
    License License,
    ContactPerson Contact,
    OperatorStatus Status,
    IReadOnlyList<StatusChange> StatusHistory,
    IReadOnlyList<LicenseWarning> LicenseWarnings,
    DateTimeOffset RegisteredAt,
    string RegisteredBy);

/// <summary>Whether an operator may use the platform now, and if not, why (for a 403).</summary>
public sealed record OperatorAccess(bool Exists, bool Allowed, string? RefusalCode, string? Message)
{
    public static readonly OperatorAccess Unknown = new(false, false, "unknown_operator", "No operator has this OPRID.");

    public static readonly OperatorAccess Granted = new(true, true, null, null);

    public static OperatorAccess Refused(string code, string message) => new(true, false, code, message);
}
