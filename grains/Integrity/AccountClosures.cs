using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// The account closures a player asked for and the operator has not made yet, pure. The vault's
/// records tell them (docs/vault-format.md 6.1 and 6.2): an <c>account_status</c> of
/// <c>closure_requested</c> starts the clock at its record's <c>at</c>; a later <c>closed</c> meets
/// it, a later <c>active</c> withdraws it (the player changed their mind); any other status leaves it
/// open. A second request while one is open does not restart the clock. Records are read as the
/// operator last left them (corrections and annulments, section 7).
/// </summary>
public static class AccountClosures
{
    public const string Requested = "closure_requested";
    public const string Closed = "closed";
    public const string Active = "active";

    /// <summary>The requests made in [from, to) and still open after every later record.</summary>
    public static IReadOnlyList<OpenObligation> Open(IReadOnlyList<PlayerVaultRecord> records, IReadOnlyList<StoredVaultRecord> replacements, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(records);
        var latest = VaultCorrections.Latest(replacements);
        var open = new List<OpenObligation>();
        var statuses = records
            .Select(r => (r.Oprid, r.Cpf, r.Record, Element: VaultCorrections.Current(r.Record, latest)))
            .Where(r => r.Element is not null && VaultCorrections.Child(r.Element, "account_status") is not null)
            .Select(r => (r.Oprid, r.Cpf, r.Record.RecordId, At: VaultCorrections.At(r.Element!, r.Record), Status: StatusOf(r.Element!)));
        foreach (var player in statuses.GroupBy(s => (s.Oprid, s.Cpf)))
        {
            (string RecordId, DateTimeOffset At)? pending = null;
            foreach (var status in player.OrderBy(s => s.At).ThenBy(s => s.RecordId, StringComparer.Ordinal))
            {
                pending = status.Status switch
                {
                    Requested => pending ?? (status.RecordId, status.At),
                    Closed or Active => null,
                    _ => pending,
                };
            }

            if (pending is { } request && request.At >= from && request.At < to)
            {
                open.Add(new OpenObligation(player.Key.Oprid, request.RecordId, request.At, 0, "jogador " + Validation.Cpf.Mask(player.Key.Cpf)));
            }
        }

        return [.. open.OrderBy(o => o.Since)];
    }

    private static string? StatusOf(System.Xml.Linq.XElement record) =>
        record.Elements().First(e => e.Name.LocalName == "account_status").Elements().FirstOrDefault(e => e.Name.LocalName == "status")?.Value.Trim();
}
