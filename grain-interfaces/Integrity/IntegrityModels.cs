using System.Text.Json.Serialization;

namespace Lottopar.GrainInterfaces.Integrity;

/// <summary>How serious a rule's finding is; it orders alerts and weighs in an operator's risk.</summary>
[Orleans.GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<RuleSeverity>))]
public enum RuleSeverity
{
    [JsonStringEnumMemberName("low")]
    Low,

    [JsonStringEnumMemberName("medium")]
    Medium,

    [JsonStringEnumMemberName("high")]
    High,

    [JsonStringEnumMemberName("critical")]
    Critical,
}

/// <summary>What a rule judges: a player (at one operator, or across operators), an operator, a terminal, a case.</summary>
[Orleans.GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<SubjectKind>))]
public enum SubjectKind
{
    [JsonStringEnumMemberName("player")]
    Player,

    [JsonStringEnumMemberName("operator")]
    Operator,

    [JsonStringEnumMemberName("terminal")]
    Terminal,

    /// <summary>An integrity case of LOTTOPAR's (its deadlines): only LOTTOPAR sees such alerts.</summary>
    [JsonStringEnumMemberName("case")]
    Case,

    /// <summary>A PIX key (by its fingerprint), across operators: only LOTTOPAR sees such alerts.</summary>
    [JsonStringEnumMemberName("pix_key")]
    PixKey,

    /// <summary>A lottery turn's draws on a sale day, across providers (their quotas): only LOTTOPAR sees such alerts.</summary>
    [JsonStringEnumMemberName("draw")]
    Draw,
}

/// <summary>The rule settings in force: the one each rule runs with, and the rulebook's revision.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record RulebookSnapshot(
    [property: Orleans.Id(0)] long Revision,
    [property: Orleans.Id(1)] IReadOnlyDictionary<string, RuleSetting> Rules,
    [property: Orleans.Id(2)] IReadOnlyDictionary<string, RuleSetting>? Shadows = null)
{
    public RuleSetting? Of(string ruleId) => Rules.TryGetValue(ruleId, out var setting) ? setting : null;

    /// <summary>The version running in shadow beside the live one, if any.</summary>
    public RuleSetting? ShadowOf(string ruleId) => Shadows is not null && Shadows.TryGetValue(ruleId, out var setting) ? setting : null;
}

/// <summary>One version of a rule's settings: on or off, severity, parameters (integers: centavos, counts, minutes).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record RuleSetting(
    [property: Orleans.Id(0)] string RuleId,
    [property: Orleans.Id(1)] int Version,
    [property: Orleans.Id(2)] bool Enabled,
    [property: Orleans.Id(3)] RuleSeverity Severity,
    [property: Orleans.Id(4)] IReadOnlyDictionary<string, long> Parameters)
{
    /// <summary>The rule's name as alerts carry it: <c>id@version</c>.</summary>
    public string Name => $"{RuleId}@{Version}";

    public long this[string parameter] => Parameters.TryGetValue(parameter, out var value)
        ? value
        : throw new KeyNotFoundException($"Rule {Name} has no parameter '{parameter}'.");
}

/// <summary>What a change of a rule's settings asks for; the parameters not named keep their values.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record RuleChange(
    [property: Orleans.Id(0)] bool? Enabled,
    [property: Orleans.Id(1)] RuleSeverity? Severity,
    [property: Orleans.Id(2)] IReadOnlyDictionary<string, long>? Parameters,
    [property: Orleans.Id(3)] string Reason,
    [property: Orleans.Id(4)] bool Shadow = false);

[Orleans.GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<RuleVersionStatus>))]
public enum RuleVersionStatus
{
    /// <summary>Proposed by an admin, waiting for a second admin.</summary>
    [JsonStringEnumMemberName("proposed")]
    Proposed,

    /// <summary>The version in force.</summary>
    [JsonStringEnumMemberName("active")]
    Active,

    /// <summary>Was in force; a later version replaced it. Kept, so its alerts stay explainable.</summary>
    [JsonStringEnumMemberName("superseded")]
    Superseded,

    /// <summary>Turned down by a second admin, or withdrawn; never ran.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>Runs beside the version in force on live traffic, recording what it would raise without raising it.</summary>
    [JsonStringEnumMemberName("shadow")]
    Shadow,
}

/// <summary>One version of a rule as the rulebook keeps it, with who proposed and who decided it.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record RuleVersionView(
    [property: Orleans.Id(0)] int Version,
    [property: Orleans.Id(1)] RuleVersionStatus Status,
    [property: Orleans.Id(2)] bool Enabled,
    [property: Orleans.Id(3)] RuleSeverity Severity,
    [property: Orleans.Id(4)] IReadOnlyDictionary<string, long> Parameters,
    [property: Orleans.Id(5)] string Reason,
    [property: Orleans.Id(6)] string ProposedBy,
    [property: Orleans.Id(7)] DateTimeOffset ProposedAt,
    [property: Orleans.Id(8)] string? DecidedBy,
    [property: Orleans.Id(9)] DateTimeOffset? DecidedAt,
    [property: Orleans.Id(10)] bool Shadow = false);

/// <summary>A parameter a rule declares: its meaning, unit, default and bounds.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record RuleParameterView(
    [property: Orleans.Id(0)] string Name,
    [property: Orleans.Id(1)] string Description,
    [property: Orleans.Id(2)] string Unit,
    [property: Orleans.Id(3)] long Default,
    [property: Orleans.Id(4)] long Min,
    [property: Orleans.Id(5)] long Max);

/// <summary>A rule: what it watches, its parameters, and every version of its settings (version 1 is the shipped one).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record RuleView(
    [property: Orleans.Id(0)] string Id,
    [property: Orleans.Id(1)] string Title,
    [property: Orleans.Id(2)] string Description,
    [property: Orleans.Id(3)] SubjectKind Subject,
    [property: Orleans.Id(4)] IReadOnlyList<RuleParameterView> Parameters,
    [property: Orleans.Id(5)] int ActiveVersion,
    [property: Orleans.Id(6)] IReadOnlyList<RuleVersionView> Versions);

/// <summary>What a rule version in shadow would have raised: recorded, never raised (the "integrity" stream, key: the rule).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record ShadowFinding(
    [property: Orleans.Id(0)] string RuleId,
    [property: Orleans.Id(1)] int Version,
    [property: Orleans.Id(2)] SubjectKind SubjectKind,
    [property: Orleans.Id(3)] string Subject,
    [property: Orleans.Id(4)] string? Oprid,
    [property: Orleans.Id(5)] string Summary,
    [property: Orleans.Id(6)] IReadOnlyList<AlertEvidence> Evidence,
    [property: Orleans.Id(7)] DateTimeOffset At);
