namespace Lottopar.GrainInterfaces.Vault;

/// <summary>A file an operator completed in its SFTP <c>incoming/</c> (renamed from <c>.part</c>), as the vault found it.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record VaultUpload(
    [property: Orleans.Id(0)] string Path,
    [property: Orleans.Id(1)] string FileName,
    [property: Orleans.Id(2)] DateTimeOffset ReceivedAt);

/// <summary>How the vault answered a file: its receipt's id and verdict; a repeat is the first answer again.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record VaultIngested(
    [property: Orleans.Id(0)] Guid FileId,
    [property: Orleans.Id(1)] bool Accepted,
    [property: Orleans.Id(2)] bool Repeat,
    [property: Orleans.Id(3)] IReadOnlyList<string> ErrorCodes);

/// <summary>Where an operator's vault stands: its sequence, what is missing, and the head of its chain.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record VaultStatus(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] long HighestSequence,
    [property: Orleans.Id(2)] IReadOnlyList<long> MissingSequences,
    [property: Orleans.Id(3)] long ChainLength,
    [property: Orleans.Id(4)] string ChainHead,
    [property: Orleans.Id(5)] DateTimeOffset? CompleteBefore,
    [property: Orleans.Id(6)] IReadOnlyList<DateTimeOffset> HoursMissing);

/// <summary>
/// What the vault tells the integrity module, on stream <see cref="VaultStreams.Namespace"/> keyed
/// by OPRID: the kind is the event name (<see cref="VaultStreams"/>); the file, hour and sequence where they apply.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record VaultEvent(
    [property: Orleans.Id(0)] DateTimeOffset At,
    [property: Orleans.Id(1)] string Oprid,
    [property: Orleans.Id(2)] string Kind,
    [property: Orleans.Id(3)] string Message,
    [property: Orleans.Id(4)] Guid? FileId = null,
    [property: Orleans.Id(5)] DateTimeOffset? Hour = null,
    [property: Orleans.Id(6)] long? Sequence = null,
    [property: Orleans.Id(7)] IReadOnlyList<string>? Codes = null);

public static class VaultStreams
{
    /// <summary>Stream namespace of the vault's events; the stream key is the OPRID.</summary>
    public const string Namespace = "vault";

    public const string FileAccepted = "file_accepted";
    public const string InvalidFile = "invalid_file";
    public const string SecurityViolation = "security_violation";
    public const string SequenceGap = "sequence_gap";
    public const string LateFile = "late_file";
    public const string MissingHour = "missing_hour";
    public const string WalletMismatch = "wallet_mismatch";
}
