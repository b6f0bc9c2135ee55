namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>An event a grain published, waiting to be committed with its state.</summary>
public sealed record OutboundStreamEvent(
    StreamId Stream,
    int Partition,
    string EventType,
    string Payload,
    DateTimeOffset PublishedAt,
    StoredGrainId Publisher);
