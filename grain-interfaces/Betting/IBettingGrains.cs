
namespace Lottopar.GrainInterfaces.Betting;

/// <summary>
/// A player as the operators report it: per operator, the last reported balance, daily totals and
/// flag counts. Every betting event of the player goes through this grain, one at a time, so
/// balance continuity is judged in arrival order. Its key is a keyed hash of the CPF
/// (<see cref="Common.PersonalGrainKeys"/>), never the CPF, which Orleans would write into its logs; the CPF
/// reaches it with each call and lives in its memory only.
/// </summary>
public interface IPlayerGrain : Orleans.IGrainWithStringKey
{
    /// <summary>Judges the player's side (continuity, plausibility) and records the event through its bet slip.</summary>
    /// <param name="idempotency">The operator's Idempotency-Key with the request's hash, when it sent one: kept with the event.</param>
    Task<BettingEventAccepted> SubmitBettingEventAsync(string oprid, BettingEvent bettingEvent, IdempotencyClaim? idempotency = null);

    /// <summary>This operator's view of the player; null when the operator never reported this player.</summary>
    /// <param name="cpf">The player's normalised CPF, whose key this grain has.</param>
    Task<PlayerSummary?> GetSummaryAsync(string cpf, string oprid);

    /// <summary>
    /// The whole current state, for the audited grain-state inspector of LOTTOPAR staff: the stored
    /// row is only a snapshot taken every so many events, the rest lives in the event store. Null
    /// when no operator ever reported this player, by betting events or vault files.
    /// </summary>
    /// <param name="cpf">The player's normalised CPF, whose key this grain has.</param>
    Task<string?> InspectAsync(string cpf);

    /// <summary>
    /// Applies what operators' vault files said about the player: profiles per operator (a newer
    /// record wins, an update only for the fields it sends) and self-exclusions (the longest in force
    /// counts; the betting events of an excluded player are flagged). Idempotent.
    /// </summary>
    Task ApplyVaultReportsAsync(string cpf, IReadOnlyList<PlayerVaultReport> reports);

    /// <summary>
    /// Whether the player may bet: the tax registry (status, age), LOTTOPAR's lists and the
    /// operators' self-exclusions. The registry's answer and the lists are kept for a while
    /// (Lottopar:Cpf:CacheFor); the self-exclusions are read fresh each time.
    /// </summary>
    /// <param name="cpf">The player's normalised CPF (valid check digits), whose key this grain has.</param>
    /// <exception cref="Common.DependencyUnavailableException">The registry did not answer.</exception>
    Task<CpfChecks.CpfCheck> CheckCpfAsync(string cpf);

    /// <summary>
    /// Drops the kept registry answer and lists: LOTTOPAR's lists changed for this CPF. Interleaves
    /// with a check in progress (which may be waiting for those lists: no deadlock).
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task ForgetCpfCheckAsync();
}

/// <summary>
/// A bet slip, keyed by "{OPRID}/{bet_slip_id}": open -> settled | cancelled, with every event it
/// received and what did not add up. The writer of the betting record: slip state, the "betting"
/// stream event and the event store row commit together.
/// </summary>
public interface IBetSlipGrain : Orleans.IGrainWithStringKey
{
    /// <summary>
    /// Records the event, or returns the original answer for a replay: the same (event, event_date),
    /// or the same Idempotency-Key within its lifetime (with a different request hash, a refusal).
    /// </summary>
    Task<BettingEventAccepted> RecordAsync(SlipSubmission submission);

    /// <summary>The slip; null when it never received an event.</summary>
    Task<BetSlipView?> GetAsync();
}

/// <summary>
/// An Idempotency-Key of one operator, keyed by "{OPRID}/{key}": the first request with the key is
/// executed inside this grain's turn and its answer kept for 24 hours; the same key with the same
/// body gets that answer again, with a different body a refusal.
/// </summary>
public interface IBettingIdempotencyGrain : Orleans.IGrainWithStringKey
{
    Task<BettingEventAccepted> SubmitAsync(string requestHash, BettingEvent bettingEvent);
}

/// <summary>What the player grain hands the bet slip to record.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record SlipSubmission(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] BettingEvent Event,
    [property: Orleans.Id(2)] long PlayerSequence,
    [property: Orleans.Id(3)] DateTimeOffset ReceivedAt,
    [property: Orleans.Id(4)] IReadOnlyList<string> PlayerFlags,
    [property: Orleans.Id(5)] IdempotencyClaim? Idempotency = null);

/// <summary>
/// An operator's Idempotency-Key and the SHA-256 (hex) of the request body that came with it. The
/// bet slip keeps it with the event, in the event's own commit, so a re-send after a crash at any
/// point finds it there.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record IdempotencyClaim(
    [property: Orleans.Id(0)] string Key,
    [property: Orleans.Id(1)] string RequestHash)
{
    /// <summary>How long a key identifies its request: a re-send within it gets the original answer.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
}

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record BetSlipView(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] string BetSlipId,
    [property: Orleans.Id(2)] string MaskedTaxId,
    [property: Orleans.Id(3)] BetSlipState State,
    [property: Orleans.Id(4)] long TotalStake,
    [property: Orleans.Id(5)] decimal TotalOdds,
    [property: Orleans.Id(6)] int LegCount,
    [property: Orleans.Id(7)] bool IsFreeBet,
    [property: Orleans.Id(8)] IReadOnlyList<string> LegIds,
    [property: Orleans.Id(9)] IReadOnlyList<SlipEventEntry> History);

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record SlipEventEntry(
    [property: Orleans.Id(0)] Guid EventId,
    [property: Orleans.Id(1)] BettingEventType Event,
    [property: Orleans.Id(2)] DateTimeOffset EventDate,
    [property: Orleans.Id(3)] DateTimeOffset ReceivedAt,
    [property: Orleans.Id(4)] long LastPlayerBalance,
    [property: Orleans.Id(5)] long CurrentPlayerBalance,
    [property: Orleans.Id(6)] BetSlipState? ReportedState,
    [property: Orleans.Id(7)] IReadOnlyList<string> Flags);

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PlayerSummary(
    [property: Orleans.Id(0)] string MaskedTaxId,
    [property: Orleans.Id(1)] string Oprid,
    [property: Orleans.Id(2)] long LastReportedBalance,
    [property: Orleans.Id(3)] DateTimeOffset LastEventAt,
    [property: Orleans.Id(4)] long Events,
    [property: Orleans.Id(5)] IReadOnlyDictionary<string, long> FlagCounts,
    [property: Orleans.Id(6)] IReadOnlyList<DailyTotals> Days,
    [property: Orleans.Id(7)] SelfExclusionStatus SelfExclusion);

/// <summary>Totals of one day (Brasília) for one operator, in centavos.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record DailyTotals(
    [property: Orleans.Id(0)] DateOnly Day,
    [property: Orleans.Id(1)] long Stakes,
    [property: Orleans.Id(2)] long Winnings,
    [property: Orleans.Id(3)] long Bonus,
    [property: Orleans.Id(4)] int Bets);

/// <summary>Whether the player is self-excluded; kept by the player grain, set by the responsible-gaming features.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record SelfExclusionStatus(
    [property: Orleans.Id(0)] bool Excluded,
    [property: Orleans.Id(1)] DateTimeOffset? Until);
