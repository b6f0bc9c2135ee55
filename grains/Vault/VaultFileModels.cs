using System.Xml.Linq;

namespace Lottopar.Grains.Vault;

/// <summary>What the vault knows about a file before reading it: who sent it and when it arrived.</summary>
public sealed record VaultFileExpectations(string Oprid, DateTimeOffset ReceivedAt);

/// <summary>The header of an hourly file; <see cref="Hour"/> is the start of the hour it covers.</summary>
public sealed record VaultFileHeader(
    string Oprid, long Sequence, DateTimeOffset Hour, int Part, int Parts, DateTimeOffset CreatedAt, IReadOnlyDictionary<VaultRecordType, VaultTypeTotal> Totals);

/// <summary>Records of one type and the sum of their amounts (centavos).</summary>
public sealed record VaultTypeTotal(long Records, decimal Amount);

/// <summary>
/// One record as read: its place in the file (1-based), type, the operator's id, time, the
/// player's CPF (none for corrections and annulments), its amount (0 for types without one) and
/// the element itself (one record's tree; the file is never held whole). A correction names the
/// record it replaces, an annulment the record it cancels.
/// </summary>
public sealed record VaultRecord(
    int Position, VaultRecordType Type, string Id, DateTimeOffset At, string? Cpf, long Amount, XElement Element, VaultRecordReference? Replaces)
{
    /// <summary>The record carried by a correction (its id is the corrected record's).</summary>
    public XElement? Replacement => Type == VaultRecordType.Correction ? ReplacementIn(Element) : null;

    /// <summary>A correction's replacing record: its last child, after <c>corrects</c> and <c>corrects_date</c>.</summary>
    internal static XElement? ReplacementIn(XElement correction) => correction.Elements().LastOrDefault();
}

/// <summary>An earlier record named by a correction or an annulment: its id and the date of its time.</summary>
public sealed record VaultRecordReference(string Id, DateOnly Date);

/// <summary>
/// Why a file is refused: a code from docs/vault-format.md, the record's position (1-based, none
/// for the envelope and header), its id when known, the element or attribute at fault, and a message.
/// </summary>
public sealed record VaultFileError(string Code, int? Record, string? RecordId, string? Field, string Message);

/// <summary>
/// The result of reading one file: its header, how many records it held, and the errors (the
/// first <see cref="VaultFileReader.MaxErrorsKept"/> and their total). Accepted only without any.
/// </summary>
public sealed record VaultFileCheck(VaultFileHeader? Header, int RecordCount, IReadOnlyList<VaultFileError> Errors, int ErrorCount)
{
    public bool Accepted => ErrorCount == 0;
}
