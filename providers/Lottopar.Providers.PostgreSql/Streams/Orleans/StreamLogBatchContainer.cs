using Orleans;
using Lottopar.Providers.PostgreSql.Storage;
using Orleans.Streams;
using OrleansStreamId = Orleans.Runtime.StreamId;

namespace Lottopar.Providers.PostgreSql.Streams.Orleans;

/// <summary>
/// One event of the stream log on its way to Orleans consumers: its stream, its position, its
/// event name and its JSON. The payload is deserialised where it is consumed, with the platform's
/// JSON options: a consumer of <c>T</c> gets the events named as <c>T</c> is
/// (<see cref="StreamEventNameAttribute"/>; every event when <c>T</c> has no name), and an event
/// whose JSON does not fit <c>T</c> throws there, so it is a failed delivery to that consumer
/// (retried, then dead-lettered), not a failure of the pulling agent.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class StreamLogBatchContainer(OrleansStreamId streamId, StreamLogSequenceToken token, string eventName, string payload) : IBatchContainer
{
    [Id(0)]
    public OrleansStreamId StreamId { get; } = streamId;

    [Id(1)]
    public StreamLogSequenceToken Token { get; } = token;

    [Id(2)]
    public string EventName { get; } = eventName;

    [Id(3)]
    public string Payload { get; } = payload;

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        var wanted = StreamEventNameAttribute.Of(typeof(T));
        if (wanted is not null && wanted != EventName)
        {
            return [];
        }

        if (RuntimeJson.Deserialize<T>(Payload) is not { } item)
        {
            throw new InvalidDataException($"Event {Token} ('{EventName}') of {StreamId} is not a {typeof(T).Name}.");
        }

        return [Tuple.Create(item, SequenceToken)];
    }

    public bool ImportRequestContext() => false;

    public override string ToString() => $"{EventName} {Token} of {StreamId}";
}
