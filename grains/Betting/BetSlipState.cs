using System.Text.Json.Serialization;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.Providers.Abstractions;

namespace Lottopar.Grains.Betting;

public sealed class BetSlipGrainState : IHasOutbox
{
    public string Cpf { get; set; } = "";

    public BetSlipState? State { get; set; }

    public SlipTerms? Terms { get; set; }

    public List<RecordedSlipEvent> Events { get; set; } = [];

    /// <summary>The betting record being committed; the event store archives it in the same statement.</summary>
    [JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <param name="StateAfter">The slip's state after this event, to answer a replay as it was answered.</param>
/// <param name="EventDateGiven">Only an event_date the operator sent identifies a replay.</param>
/// <param name="Idempotency">The Idempotency-Key the event came with, if any: a re-send with it is a replay.</param>
public sealed record RecordedSlipEvent(
    SlipEventEntry Entry,
    BetSlipState StateAfter,
    bool EventDateGiven,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IdempotencyClaim? Idempotency = null);
