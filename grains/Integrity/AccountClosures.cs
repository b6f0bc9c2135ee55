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
        var open = new List<OpenObligation>();
        var statuses = VaultCorrections.Resolve(records, r => r.Record, replacements)
            .Select(r => (r.Item.Oprid, r.Item.Cpf, r.Item.Record.RecordId, r.At, Status: StatusOf(r.Current)))
            .Where(r => r.Status is not null);
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

    /// <summary>The record's account_status status, null when it has none (an update of something else).</summary>
    private static string? StatusOf(System.Xml.Linq.XElement record) =>
        record.Elements().FirstOrDefault(e => e.Name.LocalName == "account_status") is { } status ? VaultCorrections.Child(status, "status") : null;
}
