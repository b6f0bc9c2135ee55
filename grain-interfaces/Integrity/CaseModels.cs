using System.Text.Json.Serialization;
using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Integrity;

[Orleans.GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<CaseStatus>))]
public enum CaseStatus
{
    [JsonStringEnumMemberName("open")]
    Open,

    /// <summary>Put aside until a date, when it reopens by itself.</summary>
    [JsonStringEnumMemberName("suspended")]
    Suspended,

    [JsonStringEnumMemberName("closed")]
    Closed,
}

/// <summary>How a case ended; closed cases give each rule its false-positive rate.</summary>
[Orleans.GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<CaseResolution>))]
public enum CaseResolution
{
    /// <summary>The findings were right: a violation, acted on.</summary>
    [JsonStringEnumMemberName("confirmed")]
    Confirmed,

    /// <summary>The findings were wrong: the rules flagged what is allowed.</summary>
    [JsonStringEnumMemberName("false_positive")]
    FalsePositive,

    /// <summary>Right or not, nothing to do.</summary>
    [JsonStringEnumMemberName("no_action")]
    NoAction,
}

/// <summary>What a case is about, as LOTTOPAR classifies it; a suspicion of match-fixing must be reported within five working days.</summary>
[Orleans.GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<CaseCategory>))]
public enum CaseCategory
{
    [JsonStringEnumMemberName("match_fixing")]
    MatchFixing,

    [JsonStringEnumMemberName("money_laundering")]
    MoneyLaundering,

    [JsonStringEnumMemberName("fraud")]
    Fraud,

    [JsonStringEnumMemberName("responsible_gaming")]
    ResponsibleGaming,

    [JsonStringEnumMemberName("other")]
    Other,
}

/// <summary>Who a case was reported to.</summary>
[Orleans.GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<CaseAuthority>))]
public enum CaseAuthority
{
    /// <summary>The financial intelligence unit (Conselho de Controle de Atividades Financeiras), through SISCOAF.</summary>
    [JsonStringEnumMemberName("coaf")]
    Coaf,

    /// <summary>The Ministry of Finance's Secretariat of Prizes and Bets (Secretaria de Prêmios e Apostas).</summary>
    [JsonStringEnumMemberName("spa")]
    Spa,

    [JsonStringEnumMemberName("police")]
    Police,

    /// <summary>The sport's governing body or integrity unit.</summary>
    [JsonStringEnumMemberName("sports_body")]
    SportsBody,
}

/// <summary>A report of the case to an authority: who to, its protocol number there, when and by whom it was recorded.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CaseReport(
    [property: Orleans.Id(0)] CaseAuthority Authority,
    [property: Orleans.Id(1)] string Protocol,
    [property: Orleans.Id(2)] DateTimeOffset At,
    [property: Orleans.Id(3)] string By);

/// <summary>An alert worked in a case: its id, its rule as <c>id@version</c>, its operator (none: a player across operators).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CaseAlert(
    [property: Orleans.Id(0)] Guid AlertId,
    [property: Orleans.Id(1)] string Rule,
    [property: Orleans.Id(2)] string? Oprid,
    [property: Orleans.Id(3)] string GrainKey);

/// <summary>A file attached to a case: kept once by its SHA-256.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CaseAttachment(
    [property: Orleans.Id(0)] string Sha256,
    [property: Orleans.Id(1)] string Name,
    [property: Orleans.Id(2)] string MediaType,
    [property: Orleans.Id(3)] long Size);

/// <summary>One step of a case: opened, alert_added, assigned, comment, attachment, escalated, suspended, reopened, closed.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CaseEntry(
    [property: Orleans.Id(0)] string Kind,
    [property: Orleans.Id(1)] string By,
    [property: Orleans.Id(2)] DateTimeOffset At,
    [property: Orleans.Id(3)] string Text,
    [property: Orleans.Id(4)] CaseAttachment? Attachment = null);

/// <summary>An integrity case: the alerts an analyst works, who has it, how far escalated, its history and how it ended.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CaseView(
    [property: Orleans.Id(0)] Guid Id,
    [property: Orleans.Id(1)] string Title,
    [property: Orleans.Id(2)] CaseStatus Status,
    [property: Orleans.Id(3)] int Level,
    [property: Orleans.Id(4)] string? Assignee,
    [property: Orleans.Id(5)] IReadOnlyList<CaseAlert> Alerts,
    [property: Orleans.Id(6)] IReadOnlyList<CaseEntry> Timeline,
    [property: Orleans.Id(7)] DateTimeOffset OpenedAt,
    [property: Orleans.Id(8)] DateTimeOffset? SuspendedUntil,
    [property: Orleans.Id(9)] CaseResolution? Resolution,
    [property: Orleans.Id(10)] CaseCategory? Category = null,
    [property: Orleans.Id(11)] DateTimeOffset? CategorizedAt = null,
    [property: Orleans.Id(12)] IReadOnlyList<CaseReport>? Reports = null);

/// <summary>A case as it stands after a change, on the "integrity" stream (key: the case id); the case table archives it.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CaseChanged(
    [property: Orleans.Id(0)] long Revision,
    [property: Orleans.Id(1)] CaseView Case,
    [property: Orleans.Id(2)] string Change);

/// <summary>An integrity case (key: its id). LOTTOPAR analysts and admins only; every step audited.</summary>
public interface IIntegrityCaseGrain : Orleans.IGrainWithStringKey
{
    Task<CaseView> OpenAsync(string title, IReadOnlyList<CaseAlert> alerts, Actor actor);

    Task<CaseView> GetAsync();

    Task<CaseView> AddAlertAsync(CaseAlert alert, Actor actor);

    Task<CaseView> AssignAsync(string assignee, Actor actor);

    Task<CaseView> CommentAsync(string text, Actor actor);

    Task<CaseView> AttachAsync(CaseAttachment attachment, Actor actor);

    Task<CaseView> EscalateAsync(string reason, Actor actor);

    /// <summary>Puts the case aside until an instant, when it reopens by itself (a reminder).</summary>
    Task<CaseView> SuspendAsync(DateTimeOffset until, string reason, Actor actor);

    /// <summary>Classifies the case (again): the instant counts the deadline of a match-fixing suspicion's report.</summary>
    Task<CaseView> ClassifyAsync(CaseCategory category, Actor actor);

    /// <summary>Records that the case was reported to an authority, with the protocol number it gave.</summary>
    Task<CaseView> ReportAsync(CaseAuthority authority, string protocol, Actor actor);

    /// <summary>Closes the case with its resolution, and its alerts still open with it.</summary>
    Task<CaseView> CloseAsync(CaseResolution resolution, string text, Actor actor);
}
