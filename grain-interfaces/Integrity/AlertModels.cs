using System.Text.Json.Serialization;

namespace Lottopar.GrainInterfaces.Integrity;

/// <summary>
/// Who an alert is about. A player at one operator has that operator's OPRID (the operator sees the
/// alert); a player across operators has none (only LOTTOPAR sees it: an operator must not learn of a
/// player's activity elsewhere); an operator's key is its OPRID.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record AlertSubject(
    [property: Orleans.Id(0)] SubjectKind Kind,
    [property: Orleans.Id(1)] string Key,
    [property: Orleans.Id(2)] string? Oprid);

/// <summary>One thing an alert rests on: a betting event, a payment, a vault file, event or record, a slip, a ticket, a case.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record AlertEvidence(
    [property: Orleans.Id(0)] string Kind,
    [property: Orleans.Id(1)] string Id,
    [property: Orleans.Id(2)] DateTimeOffset At,
    [property: Orleans.Id(3)] string Detail)
{
    public const string BettingEvent = "betting_event";
    public const string Payment = "payment";
    public const string VaultFile = "vault_file";
    public const string VaultEvent = "vault_event";
    public const string VaultRecord = "vault_record";
    public const string PayoutKey = "payout_key";
    public const string LotteryNumber = "lottery_number";
    public const string TerminalInterdiction = "terminal_interdiction";
    public const string Reconciliation = "reconciliation";
    public const string BetSlip = "bet_slip";
    public const string LotteryTicket = "lottery_ticket";
    public const string Case = "case";
}

/// <summary>A rule's finding about a subject, on its way to the subject's alert for that rule.</summary>
/// <param name="Cpf">The player's CPF when the subject is a player (kept on the alert, shown masked in lists).</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record AlertSignal(
    [property: Orleans.Id(0)] string RuleId,
    [property: Orleans.Id(1)] int RuleVersion,
    [property: Orleans.Id(2)] RuleSeverity Severity,
    [property: Orleans.Id(3)] AlertSubject Subject,
    [property: Orleans.Id(4)] string? Cpf,
    [property: Orleans.Id(5)] string Summary,
    [property: Orleans.Id(6)] IReadOnlyList<AlertEvidence> Evidence,
    [property: Orleans.Id(7)] DateTimeOffset At);

[Orleans.GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<AlertStatus>))]
public enum AlertStatus
{
    /// <summary>Raised; waiting for the operator's answer (or, without an operator, for LOTTOPAR).</summary>
    [JsonStringEnumMemberName("open")]
    Open,

    /// <summary>The operator answered with the action it took; LOTTOPAR has not closed it.</summary>
    [JsonStringEnumMemberName("acknowledged")]
    Acknowledged,

    /// <summary>LOTTOPAR closed it with a resolution. A later finding opens a new alert.</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,
}

/// <summary>Who answered or closed an alert, when, and what they said.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record AlertNote(
    [property: Orleans.Id(0)] string By,
    [property: Orleans.Id(1)] DateTimeOffset At,
    [property: Orleans.Id(2)] string Text);

/// <summary>
/// An alert: one open per rule and subject, counting its findings, with the evidence (the latest
/// <c>MaxEvidence</c>) and the rule as <c>id@version</c> of its latest finding.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record AlertView(
    [property: Orleans.Id(0)] Guid Id,
    [property: Orleans.Id(1)] string Rule,
    [property: Orleans.Id(2)] RuleSeverity Severity,
    [property: Orleans.Id(3)] AlertSubject Subject,
    [property: Orleans.Id(4)] string? Cpf,
    [property: Orleans.Id(5)] AlertStatus Status,
    [property: Orleans.Id(6)] long Count,
    [property: Orleans.Id(7)] DateTimeOffset FirstAt,
    [property: Orleans.Id(8)] DateTimeOffset LastAt,
    [property: Orleans.Id(9)] string Summary,
    [property: Orleans.Id(10)] IReadOnlyList<AlertEvidence> Evidence,
    [property: Orleans.Id(11)] AlertNote? Acknowledgement,
    [property: Orleans.Id(12)] AlertNote? Closure,
    [property: Orleans.Id(13)] AlertSnooze? Snooze = null);

/// <summary>An analyst's snooze of the rule for the alert's subject: until then its findings raise nothing and weigh nothing.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record AlertSnooze(
    [property: Orleans.Id(0)] DateTimeOffset Until,
    [property: Orleans.Id(1)] AlertNote Note);

/// <summary>The key of a subject's alert grain for a rule: <c>rule/kind/key/oprid</c> ("-" without an operator).</summary>
public sealed record AlertKey(string RuleId, SubjectKind Kind, string SubjectKey, string? Oprid)
{
    public static AlertKey Of(string ruleId, AlertSubject subject) => new(ruleId, subject.Kind, subject.Key, subject.Oprid);

    public override string ToString() => $"{RuleId}/{Kind.ToString().ToLowerInvariant()}/{SubjectKey}/{Oprid ?? "-"}";

    public static AlertKey Parse(string key) => key.Split('/') is [var rule, var kind, var subject, var oprid] && Enum.TryParse<SubjectKind>(kind, ignoreCase: true, out var parsed)
        ? new(rule, parsed, subject, oprid == "-" ? null : oprid)
        : throw new ArgumentException($"'{key}' is not an alert key.", nameof(key));
}

/// <summary>
/// The "integrity" stream (key: the alert's OPRID, or "lottopar" for alerts no operator sees): each
/// change of an alert, as the alert table keeps it (<see cref="AlertChanged"/>).
/// </summary>
public static class IntegrityStreams
{
    public const string Namespace = "integrity";

    public const string AlertChanged = "alert_changed";

    public const string PlayerBlockChanged = "player_block_changed";

    public const string OperatorRiskChanged = "operator_risk_changed";

    public const string CaseChanged = "case_changed";

    public const string ShadowFinding = "shadow_finding";

    public const string HourReconciled = "hour_reconciled";

    /// <summary>The stream key of alerts that name no operator.</summary>
    public const string LottoparKey = "lottopar";
}

/// <summary>An alert as it stands after a change; <see cref="Revision"/> orders the changes of one alert.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record AlertChanged(
    [property: Orleans.Id(0)] string GrainKey,
    [property: Orleans.Id(1)] long Revision,
    [property: Orleans.Id(2)] AlertView Alert,
    [property: Orleans.Id(3)] string RuleId,
    [property: Orleans.Id(4)] int RuleVersion,
    [property: Orleans.Id(5)] string Change);

/// <summary>
/// A player put on (or taken off) an operator's blocked list, on the "integrity" stream keyed by the
/// OPRID; the blocked-player table archives it. The operator's systems read the list and must stop the
/// player from betting and moving money.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PlayerBlockChanged(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] string Cpf,
    [property: Orleans.Id(2)] string PlayerKey,
    [property: Orleans.Id(3)] bool Blocked,
    [property: Orleans.Id(4)] DateTimeOffset At,
    [property: Orleans.Id(5)] string Reason,
    [property: Orleans.Id(6)] string By);

/// <summary>
/// An operator's risk as the integrity module last computed it from its open alerts, on the
/// "integrity" stream keyed by the OPRID (the operator-risk table archives it): whether it is
/// highlighted, since when, and the alerts behind it.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record OperatorRiskChanged(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] long Risk,
    [property: Orleans.Id(2)] bool Highlighted,
    [property: Orleans.Id(3)] DateTimeOffset? HighlightedSince,
    [property: Orleans.Id(4)] int OpenAlerts,
    [property: Orleans.Id(5)] DateTimeOffset At,
    [property: Orleans.Id(6)] string Policy);

/// <summary>An operator's open alerts of one severity and status: how many, and their ages summed (seconds).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record OpenAlertGroup(
    [property: Orleans.Id(0)] RuleSeverity Severity,
    [property: Orleans.Id(1)] AlertStatus Status,
    [property: Orleans.Id(2)] int Count,
    [property: Orleans.Id(3)] double AgeSeconds);
