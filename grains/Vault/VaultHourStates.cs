namespace Lottopar.Grains.Vault;

/// <summary>How an operator's hour stands in the vault, as staff see it at a glance.</summary>
public enum VaultHourState
{
    /// <summary>Not due yet, or before the operator's monitoring began: nothing to say.</summary>
    Awaited,

    /// <summary>Every part accepted by the hour's deadline.</summary>
    Received,

    /// <summary>Every part accepted, the last after the deadline.</summary>
    Late,

    /// <summary>Not complete, and a file for it was refused.</summary>
    Rejected,

    /// <summary>Not complete by its deadline (the vault reported it missing).</summary>
    Missing,
}

/// <summary>An hour's files as stored: parts accepted (distinct), parts the hour has, when the last part was accepted, files refused.</summary>
public sealed record VaultHourFiles(string Oprid, DateTimeOffset Hour, int AcceptedParts, int Parts, DateTimeOffset? LastAcceptedAt, int Rejected);

/// <summary>
/// The state of an hour from its files and the vault's own report of missing hours, with the same
/// deadline as <see cref="VaultLedger"/>: the end of the hour plus the grace LOTTOPAR sets.
/// </summary>
public static class VaultHourStates
{
    public static VaultHourState Of(VaultHourFiles? files, bool reportedMissing, TimeSpan grace)
    {
        if (files is { Parts: > 0, LastAcceptedAt: { } last } && files.AcceptedParts >= files.Parts)
        {
            return last <= files.Hour + TimeSpan.FromHours(1) + grace ? VaultHourState.Received : VaultHourState.Late;
        }

        return files is { Rejected: > 0 } ? VaultHourState.Rejected
            : reportedMissing ? VaultHourState.Missing
            : VaultHourState.Awaited;
    }
}
