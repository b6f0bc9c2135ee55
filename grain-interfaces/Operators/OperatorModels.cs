namespace Lottopar.GrainInterfaces.Operators;

/// <summary>What LOTTOPAR records to onboard an operator (manual, part 2).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record OperatorRegistration(
    [property: Orleans.Id(0)] string LegalName,
    [property: Orleans.Id(1)] string Cnpj,
    [property: Orleans.Id(2)] License License,
    [property: Orleans.Id(3)] ContactPerson Contact);

/// <summary>The operator's license: number, type, authorized games, validity (dates in Brasília time, inclusive).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record License(
    [property: Orleans.Id(0)] string Number,
    [property: Orleans.Id(1)] string Type,
    [property: Orleans.Id(2)] IReadOnlyList<string> AuthorizedGames,
    [property: Orleans.Id(3)] DateOnly ValidFrom,
    [property: Orleans.Id(4)] DateOnly ValidUntil);

/// <summary>The operator's contact person for the monitoring system; e-mail and mobile also receive password resets.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record ContactPerson(
    [property: Orleans.Id(0)] string FullName,
    [property: Orleans.Id(1)] string Email,
    [property: Orleans.Id(2)] string Landline,
    [property: Orleans.Id(3)] string Mobile,
    [property: Orleans.Id(4)] PostalAddress Address);

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PostalAddress(
    [property: Orleans.Id(0)] string Street,
    [property: Orleans.Id(1)] string Number,
    [property: Orleans.Id(2)] string? Complement,
    [property: Orleans.Id(3)] string District,
    [property: Orleans.Id(4)] string City,
    [property: Orleans.Id(5)] string State,
    [property: Orleans.Id(6)] string PostalCode);

/// <summary>pending -> active -> suspended -> revoked. Pending operators may integrate in homologation only.</summary>
[Orleans.GenerateSerializer]
public enum OperatorStatus
{
    Pending,
    Active,
    Suspended,
    Revoked,
}

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record StatusChange(
    [property: Orleans.Id(0)] OperatorStatus From,
    [property: Orleans.Id(1)] OperatorStatus To,
    [property: Orleans.Id(2)] string Reason,
    [property: Orleans.Id(3)] string Actor,
    [property: Orleans.Id(4)] DateTimeOffset At);

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record LicenseWarning(
    [property: Orleans.Id(0)] DateTimeOffset At,
    [property: Orleans.Id(1)] string Message);

/// <summary>
/// A POS terminal (taquilla) of a lottery provider: its poscod (1 to 5 digits, unique within the
/// provider), the serial of its fiscal printer (serialifa: 10 letters or digits, unique on the
/// platform), whether it may sell, and whether it is the provider's administrative POS (the one
/// under which cancellations, prize registrations and result queries are made; at most one).
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PosTerminal(
    [property: Orleans.Id(0)] string PosCode,
    [property: Orleans.Id(1)] string PrinterSerial,
    [property: Orleans.Id(2)] bool Active,
    [property: Orleans.Id(3)] bool Administrative,
    [property: Orleans.Id(4)] DateTimeOffset RegisteredAt);

/// <summary>The operator as a lottery provider: its provider code (providercod), POS terminals and allowed client addresses.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record LotteryProviderView(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] string? ProviderCode,
    [property: Orleans.Id(2)] bool Enabled,
    [property: Orleans.Id(3)] IReadOnlyList<string> AllowedIps,
    [property: Orleans.Id(4)] IReadOnlyList<PosTerminal> PosTerminals);

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

/// <summary>
/// Credentials for the SFTP vault: SSH keys to log in, the certificate that signs the hourly files,
/// and the addresses (or networks) SFTP logins may come from; empty: any.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record VaultCredentialsView(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] IReadOnlyList<VaultSshKey> SshKeys,
    [property: Orleans.Id(2)] VaultSigningCertificate? SigningCertificate,
    [property: Orleans.Id(3)] IReadOnlyList<string> AllowedSources);

/// <summary>An operator's registration, license, contact and status (no secrets).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record OperatorView(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] string LegalName,
    [property: Orleans.Id(2)] string Cnpj,
    [property: Orleans.Id(3)] License License,
    [property: Orleans.Id(4)] ContactPerson Contact,
    [property: Orleans.Id(5)] OperatorStatus Status,
    [property: Orleans.Id(6)] IReadOnlyList<StatusChange> StatusHistory,
    [property: Orleans.Id(7)] IReadOnlyList<LicenseWarning> LicenseWarnings,
    [property: Orleans.Id(8)] DateTimeOffset RegisteredAt,
    [property: Orleans.Id(9)] string RegisteredBy);

/// <summary>Whether an operator may use the platform now, and if not, why (for a 403).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record OperatorAccess(
    [property: Orleans.Id(0)] bool Exists,
    [property: Orleans.Id(1)] bool Allowed,
    [property: Orleans.Id(2)] string? RefusalCode,
    [property: Orleans.Id(3)] string? Message)
{
    public static readonly OperatorAccess Unknown = new(false, false, "unknown_operator", "No operator has this OPRID.");

    public static readonly OperatorAccess Granted = new(true, true, null, null);

    public static OperatorAccess Refused(string code, string message) => new(true, false, code, message);
}
