using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Integrity;

/// <summary>The integrity rules' settings ("default"): versions proposed by one LOTTOPAR admin and approved by another.</summary>
public interface IIntegrityRulebookGrain : Orleans.IGrainWithStringKey
{
    /// <summary>What each rule runs with now.</summary>
    Task<RulebookSnapshot> GetSnapshotAsync();

    Task<IReadOnlyList<RuleView>> ListAsync();

    /// <summary>The rule and every version of it; 404 for an unknown rule.</summary>
    Task<RuleView> GetAsync(string ruleId);

    /// <summary>Proposes a new version (422 naming a parameter out of bounds or unknown; 409 while another proposal waits).</summary>
    Task<RuleVersionView> ProposeAsync(string ruleId, RuleChange change, Actor actor);

    /// <summary>Puts a proposed version in force; the approver must not be its proposer (409).</summary>
    Task<RuleVersionView> ApproveAsync(string ruleId, int version, Actor actor);

    /// <summary>Turns down (or, by its proposer, withdraws) a proposed version, with a reason.</summary>
    Task<RuleVersionView> RejectAsync(string ruleId, int version, string reason, Actor actor);

    /// <summary>Ends a version's shadow run (it stays readable, superseded).</summary>
    Task<RuleVersionView> StopShadowAsync(string ruleId, int version, Actor actor);
}

/// <summary>A subject's alert for one rule (<see cref="AlertKey"/>).</summary>
public interface IIntegrityAlertGrain : Orleans.IGrainWithStringKey
{
    /// <summary>
    /// Records a finding: opens the alert, or counts it into the open one. Evidence already held is
    /// not counted again, so a redelivered event changes nothing.
    /// </summary>
    Task<AlertView> RaiseAsync(AlertSignal signal);

    Task<AlertView?> GetAsync();

    /// <summary>The operator's answer: the action it took (open or acknowledged alerts only).</summary>
    Task<AlertView> AcknowledgeAsync(Guid alertId, string action, Actor actor);

    /// <summary>LOTTOPAR closes the alert with its resolution.</summary>
    Task<AlertView> CloseAsync(Guid alertId, string resolution, Actor actor);

    /// <summary>An analyst snoozes the rule for this subject until an instant, with a reason (audited); a later snooze replaces it.</summary>
    Task<AlertView> SnoozeAsync(Guid alertId, DateTimeOffset until, string reason, Actor actor);
}

/// <summary>
/// The integrity module's view of a player across operators (key: the player's personal grain key):
/// windows of stakes and deposits, on which the player rules run. Fed by the operators' intake grains.
/// </summary>
public interface IPlayerWatchGrain : Orleans.IGrainWithStringKey
{
    Task ObserveBetAsync(BetObservation bet, RulebookSnapshot rules);

    Task ObservePaymentAsync(PaymentObservation payment, RulebookSnapshot rules);

    /// <summary>A PIX key the player asked an operator to register for payouts (made or refused).</summary>
    Task ObservePayoutKeyAsync(PayoutKeyObservation seen, RulebookSnapshot rules);

    /// <summary>What the watch holds: the score at each operator under the policy, the blocks, the payments it counts.</summary>
    Task<PlayerWatchView> InspectAsync(RulebookSnapshot rules);

    /// <summary>Takes the player off the operator's blocked list (LOTTOPAR, with a reason; audited); the score there counts again from zero.</summary>
    Task LiftBlockAsync(string oprid, string reason, Actor actor);
}

/// <summary>What the integrity module takes from an accepted betting event.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record BetObservation(
    [property: Orleans.Id(0)] Guid EventId,
    [property: Orleans.Id(1)] string Oprid,
    [property: Orleans.Id(2)] string Cpf,
    [property: Orleans.Id(3)] string Event,
    [property: Orleans.Id(4)] DateTimeOffset EventDate,
    [property: Orleans.Id(5)] string BetSlipId,
    [property: Orleans.Id(6)] long TotalStake,
    [property: Orleans.Id(7)] long BonusAmount,
    [property: Orleans.Id(8)] bool IsFreeBet,
    [property: Orleans.Id(9)] IReadOnlyList<string> Flags);

/// <summary>What the integrity module takes from a settled payment.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PaymentObservation(
    [property: Orleans.Id(0)] string PaymentId,
    [property: Orleans.Id(1)] string Oprid,
    [property: Orleans.Id(2)] string Cpf,
    [property: Orleans.Id(3)] string Kind,
    [property: Orleans.Id(4)] string Outcome,
    [property: Orleans.Id(5)] long Amount,
    [property: Orleans.Id(6)] DateTimeOffset At,
    [property: Orleans.Id(7)] string? EndToEndId);

/// <summary>What the integrity module takes from a payout key's check: the key by fingerprint and masked, the player by CPF and grain key.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PayoutKeyObservation(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] string Cpf,
    [property: Orleans.Id(2)] string PlayerKey,
    [property: Orleans.Id(3)] string KeyFingerprint,
    [property: Orleans.Id(4)] string KeyMasked,
    [property: Orleans.Id(5)] bool HolderIsPlayer,
    [property: Orleans.Id(6)] DateTimeOffset At);

/// <summary>
/// A PIX key across operators (key: its fingerprint, <see cref="Common.PersonalGrainKeys.PixKey"/>):
/// which players asked to register it for payouts, and the key rules on them.
/// </summary>
public interface IPixKeyWatchGrain : Orleans.IGrainWithStringKey
{
    Task ObserveAsync(PayoutKeyObservation seen, RulebookSnapshot rules);
}

/// <summary>
/// A lottery turn's sales per number across providers (key: the turn's key, as the turn grain's),
/// against the numbers' quotas: the exposure rules.
/// </summary>
public interface IDrawExposureGrain : Orleans.IGrainWithStringKey
{
    Task ObserveAsync(Lottery.TicketSold ticket, RulebookSnapshot rules, Lottery.LotterySettings settings);
}

/// <summary>A finding about a POS terminal whose alert was raised (not snoozed): what it weighs in the terminal's score.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record TerminalFinding(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] int PosCode,
    [property: Orleans.Id(2)] string RuleId,
    [property: Orleans.Id(3)] RuleSeverity Severity,
    [property: Orleans.Id(4)] IReadOnlyList<AlertEvidence> Evidence,
    [property: Orleans.Id(5)] DateTimeOffset At);

/// <summary>
/// A POS terminal's score (key: <c>{providercod}-{poscod}</c>, the terminal alerts' subject): the
/// findings' weights under the terminal policy; a review alert, or the terminal deactivated.
/// </summary>
public interface ITerminalWatchGrain : Orleans.IGrainWithStringKey
{
    Task WeighAsync(TerminalFinding finding, RuleSetting policy);
}

/// <summary>An operator's risk from its open alerts (key: OPRID); highlighted over the policy's threshold.</summary>
public interface IOperatorRiskGrain : Orleans.IGrainWithStringKey
{
    /// <summary>Judges the operator's open alerts under the policy; publishes a change of risk or highlight.</summary>
    Task<OperatorRiskChanged> UpdateAsync(IReadOnlyList<OpenAlertGroup> openAlerts, RuleSetting policy);
}

/// <summary>A player as the integrity module holds it: per operator, its score and whether (since when) it is blocked there.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PlayerWatchView(
    [property: Orleans.Id(0)] IReadOnlyList<PlayerStanding> Operators,
    [property: Orleans.Id(1)] int PaymentsCounted,
    [property: Orleans.Id(2)] int FindingsWeighed);

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PlayerStanding(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] long Score,
    [property: Orleans.Id(2)] DateTimeOffset? BlockedSince);
