namespace Lottopar.Grains.Vault;

/// <summary>
/// What the vault keeps per operator between files, small whatever the years: the chain's head,
/// the highest sequence accepted and the numbers below it still missing, the hours not yet complete
/// since <see cref="CompleteBefore"/>, and the hours reported missing that have not arrived since.
/// </summary>
public sealed class VaultLedgerState
{
    public string ChainHead { get; set; } = VaultChain.Genesis;

    public long HighestSequence { get; set; }

    public SortedSet<long> MissingSequences { get; set; } = [];

    /// <summary>Every hour before this one is complete or reported missing; null until the first file or sweep.</summary>
    public DateTimeOffset? CompleteBefore { get; set; }

    /// <summary>Hours at or after <see cref="CompleteBefore"/> with some parts, or reported missing: parts expected and parts received.</summary>
    public SortedDictionary<DateTimeOffset, HourParts> Hours { get; set; } = [];
}

/// <summary>An hour's parts: how many it has (from its files' headers), which arrived, and whether it was reported missing.</summary>
public sealed class HourParts
{
    public int Parts { get; set; }

    public SortedSet<int> Received { get; set; } = [];

    public bool ReportedMissing { get; set; }

    public bool Complete => Parts > 0 && Received.Count == Parts;
}

/// <summary>An accepted file as the ledger needs it: its hash (of the bytes as uploaded) and header.</summary>
public sealed record LedgerFile(string Sha256, long Sequence, DateTimeOffset Hour, int Part, int Parts, DateTimeOffset ReceivedAt);

/// <summary>What the ledger noticed on the way, for the integrity module.</summary>
public abstract record VaultLedgerEvent;

/// <summary>Sequences <see cref="First"/> to <see cref="Last"/> were skipped by the file just accepted.</summary>
public sealed record SequenceGap(long First, long Last) : VaultLedgerEvent;

/// <summary>A file of <see cref="Hour"/> arrived <see cref="Late"/> after its deadline (end of the hour plus the grace).</summary>
public sealed record LateFile(DateTimeOffset Hour, TimeSpan Late) : VaultLedgerEvent;

/// <summary>No complete file for <see cref="Hour"/> by its deadline.</summary>
public sealed record MissingHour(DateTimeOffset Hour) : VaultLedgerEvent;

/// <summary>The outcome of offering a file: its link in the chain and what was noticed, or a refusal (code and message).</summary>
public sealed record LedgerDecision(VaultChainLink? Link, IReadOnlyList<VaultLedgerEvent> Events, VaultFileError? Refusal);

/// <summary>
/// The vault's rules across files of one operator (docs/vault-format.md, sections 3 and 8): a
/// sequence is accepted once, a jump leaves the skipped numbers missing until they come, an hour
/// is complete when all its parts are in, and a sweep reports hours that missed their deadline.
/// Pure: the operator's vault grain keeps the state and publishes the events.
/// </summary>
public static class VaultLedger
{
    /// <summary>The furthest a sequence may jump past the highest accepted one.</summary>
    public const long MaxSequenceJump = 10_000;

    /// <summary>Hours a sweep reports at most (a platform stopped for longer catches up over several sweeps).</summary>
    public const int MaxHoursPerSweep = 24 * 31;

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>
    /// Offers a file that passed its own checks. A file the ledger refuses changes nothing. The
    /// caller has already answered a file identical to an accepted one (same SHA-256) as a repeat.
    /// </summary>
    public static LedgerDecision Accept(VaultLedgerState state, LedgerFile file, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(file);
        if (file.Sequence <= state.HighestSequence && !state.MissingSequences.Contains(file.Sequence))
        {
            return Refused("sequence_conflict", $"Sequence {file.Sequence} was already accepted with another file.");
        }

        if (file.Sequence > state.HighestSequence + MaxSequenceJump)
        {
            return Refused("sequence_too_far", $"Sequence {file.Sequence} is more than {MaxSequenceJump} past the highest accepted ({state.HighestSequence}).");
        }

        var hour = file.Hour.ToUniversalTime();
        var parts = state.Hours.GetValueOrDefault(hour);
        if (parts is { Parts: > 0 } && parts.Parts != file.Parts)
        {
            return Refused("parts_mismatch", $"Earlier files of this hour say it has {parts.Parts} parts; this one says {file.Parts}.");
        }

        if ((parts is not null && parts.Received.Contains(file.Part)) || (state.CompleteBefore is { } before && hour < before && parts is null))
        {
            return Refused("part_repeated", $"Part {file.Part} of the hour {hour:u} was already accepted (or the hour is before the operator's monitoring began).");
        }

        var events = new List<VaultLedgerEvent>();
        if (file.Sequence > state.HighestSequence + 1)
        {
            events.Add(new SequenceGap(state.HighestSequence + 1, file.Sequence - 1));
            for (var missing = state.HighestSequence + 1; missing < file.Sequence; missing++)
            {
                state.MissingSequences.Add(missing);
            }
        }

        state.MissingSequences.Remove(file.Sequence);
        state.HighestSequence = Math.Max(state.HighestSequence, file.Sequence);

        var deadline = hour + Hour + grace;
        if (file.ReceivedAt > deadline)
        {
            events.Add(new LateFile(hour, file.ReceivedAt - deadline));
        }

        parts ??= state.Hours[hour] = new HourParts();
        parts.Parts = file.Parts;
        parts.Received.Add(file.Part);
        Settle(state);

        var link = new VaultChainLink(state.ChainHead, file.Sha256, file.Sequence, VaultChain.Next(state.ChainHead, file.Sha256, file.Sequence));
        state.ChainHead = link.Value;
        return new LedgerDecision(link, events, null);
    }

    /// <summary>
    /// Reports every hour whose deadline (end plus <paramref name="grace"/>) has passed at
    /// <paramref name="now"/> without all its parts, once; from <paramref name="watchedFrom"/> (the
    /// operator's first expected hour) when nothing has arrived yet.
    /// </summary>
    public static IReadOnlyList<MissingHour> Sweep(VaultLedgerState state, DateTimeOffset watchedFrom, DateTimeOffset now, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(state);
        var first = state.CompleteBefore ?? Truncate(watchedFrom.ToUniversalTime());
        var reported = new List<MissingHour>();
        for (var hour = first; hour + Hour + grace < now && reported.Count < MaxHoursPerSweep; hour += Hour)
        {
            var parts = state.Hours.GetValueOrDefault(hour);
            // Hours already reported lie before CompleteBefore (Settle moves past them): not met again.
            if (parts is { Complete: true })
            {
                continue;
            }

            parts ??= state.Hours[hour] = new HourParts();
            parts.ReportedMissing = true;
            reported.Add(new MissingHour(hour));
        }

        state.CompleteBefore ??= first;
        Settle(state);
        return reported;
    }

    /// <summary>
    /// Moves <see cref="VaultLedgerState.CompleteBefore"/> past complete hours, forgetting them, and
    /// past hours reported missing, keeping those until they are complete (a late part still counts).
    /// </summary>
    private static void Settle(VaultLedgerState state)
    {
        foreach (var done in state.Hours.Where(h => h.Value.Complete && h.Key < state.CompleteBefore).Select(h => h.Key).ToList())
        {
            state.Hours.Remove(done);
        }

        while (state.CompleteBefore is { } hour && state.Hours.TryGetValue(hour, out var parts) && (parts.Complete || parts.ReportedMissing))
        {
            if (parts.Complete)
            {
                state.Hours.Remove(hour);
            }

            state.CompleteBefore = hour + Hour;
        }
    }

    private static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % Hour.Ticks), TimeSpan.Zero);

    private static LedgerDecision Refused(string code, string message) => new(null, [], new VaultFileError(code, null, null, "header", message));
}
