using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Providers.PostgreSql.Streams.Orleans;
using Lottopar.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;
using OrleansStreamId = Orleans.Runtime.StreamId;

namespace Lottopar.Providers.Tests.OrleansStreams;

/// <summary>
/// Orleans moves a subscription past an event once the failure handler returns: the dead letter
/// must be written first, however long the database is away.
/// </summary>
public sealed class FailureHandlerOutageTests
{
    [Fact]
    public async Task A_dead_letter_is_written_after_an_outage_longer_than_a_minute()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow, realTimers: true);
        var outage = new DatabaseOutage(NullLogger<DatabaseOutage>.Instance, clock);
        // Four failed writes, each half a minute later by the clock: two minutes of outage.
        var log = new UnreachableLog(clock, failures: 4, each: TimeSpan.FromSeconds(30));
        var handler = new StreamLogFailureHandler(
            log, new StreamLogProviderOptions { Namespaces = ["ns"] }, clock, outage, NullLogger<StreamLogFailureHandler>.Instance, CancellationToken.None);

        await handler.OnDeliveryFailure(
            Orleans.Runtime.GuidId.GetNewGuidId(), "provider", OrleansStreamId.Create("ns", "key"), new StreamLogSequenceToken(new StreamPosition(7, 9)));

        var letter = Assert.Single(log.DeadLetters);
        Assert.Equal((new StreamPosition(7, 9), "key"), (letter.Position, letter.Stream.Key));
        Assert.Equal(5, log.Attempts);
        Assert.False(outage.IsDown);
    }

    /// <summary>A log whose dead-letter writes fail as an unreachable database would, then succeed.</summary>
    private sealed class UnreachableLog(ManualClock clock, int failures, TimeSpan each) : IStreamLog
    {
        public int Attempts { get; private set; }

        public List<StoredStreamEvent> DeadLetters { get; } = [];

        public Task DeadLetterAsync(string subscription, StoredStreamEvent streamEvent, string error, int attempts, DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (++Attempts <= failures)
            {
                clock.Advance(each);
                throw new NpgsqlException("Failed to connect to 127.0.0.1:5432");
            }

            DeadLetters.Add(streamEvent);
            return Task.CompletedTask;
        }

        public Task<StreamLogBatch> ReadAfterAsync(string streamNamespace, int partition, StreamPosition after, int maxCount, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<StreamLogBatch> ReadAfterAsync(PartitionLock owner, string streamNamespace, StreamPosition after, int maxCount, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<StreamPosition> ReadCheckpointAsync(string subscription, int partition, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<StreamPosition> ReadCheckpointAsync(PartitionLock owner, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task SaveCheckpointAsync(PartitionLock owner, StreamPosition position, DateTimeOffset now, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
