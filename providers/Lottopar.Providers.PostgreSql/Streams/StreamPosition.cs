namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>Where an event sits: its stream, its position in the log, when it was published.</summary>
/// <param name="Position">Increases along a stream's delivery order; stable across redeliveries.</param>
public sealed record StreamEventInfo(StreamId Stream, StreamPosition Position, DateTimeOffset PublishedAt);

/// <summary>
/// A position in the stream log: the id of the committing transaction, then the row id. Events are
/// delivered in this order, which for one publisher is the order it published in.
/// </summary>
public readonly record struct StreamPosition(long TransactionId, long EventId) : IComparable<StreamPosition>
{
    public static readonly StreamPosition Start = new(0, 0);

    public int CompareTo(StreamPosition other)
    {
        var byTransaction = TransactionId.CompareTo(other.TransactionId);
        return byTransaction != 0 ? byTransaction : EventId.CompareTo(other.EventId);
    }

    public static bool operator <(StreamPosition left, StreamPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(StreamPosition left, StreamPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(StreamPosition left, StreamPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(StreamPosition left, StreamPosition right) => left.CompareTo(right) >= 0;
}
