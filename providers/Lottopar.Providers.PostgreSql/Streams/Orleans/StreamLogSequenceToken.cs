using Orleans;
using Orleans.Streams;

namespace Lottopar.Providers.PostgreSql.Streams.Orleans;

/// <summary>
/// An event's position in the stream log, (transaction id, event id), as Orleans' sequence token:
/// tokens compare in delivery order, and a redelivered event has the same token.
/// <see cref="StreamSequenceToken.SequenceNumber"/> is the transaction id; the event id does not
/// fit <see cref="StreamSequenceToken.EventIndex"/> (an int), so ordering is by <see cref="CompareTo"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class StreamLogSequenceToken : StreamSequenceToken
{
    public StreamLogSequenceToken(StreamPosition position)
    {
        TransactionId = position.TransactionId;
        EventId = position.EventId;
    }

    [Id(0)]
    public long TransactionId { get; private set; }

    [Id(1)]
    public long EventId { get; private set; }

    public StreamPosition Position => new(TransactionId, EventId);

    public override long SequenceNumber
    {
        get => TransactionId;
        protected set => TransactionId = value;
    }

    public override int EventIndex
    {
        get => 0;
        protected set { }
    }

    public override bool Equals(StreamSequenceToken? other) => other is StreamLogSequenceToken token && token.Position == Position;

    public override bool Equals(object? obj) => Equals(obj as StreamSequenceToken);

    public override int GetHashCode() => Position.GetHashCode();

    public override int CompareTo(StreamSequenceToken? other) => other switch
    {
        null => 1,
        StreamLogSequenceToken token => Position.CompareTo(token.Position),
        _ => throw new ArgumentException($"A {other.GetType().Name} cannot be compared with a position in the stream log.", nameof(other)),
    };

    public override string ToString() => $"({TransactionId}, {EventId})";
}
