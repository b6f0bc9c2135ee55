using Orleans.Streams;
using IRingRange = Orleans.Runtime.IRingRange;
using OrleansStreamId = Orleans.Runtime.StreamId;

namespace Lottopar.Providers.PostgreSql.Streams.Orleans;

/// <summary>
/// One Orleans queue per (namespace, partition) of the stream log. A stream's queue is the one of
/// the partition <see cref="StreamPartitioner"/> gives it, so events committed by grains' outboxes
/// (not through Orleans) reach the receiver that owns their partition. Orleans' default balancer
/// for persistent streams (<c>ConsistentRingQueueBalancer</c>) needs the queues placed on its ring:
/// their hashes are spread evenly over it.
/// </summary>
public sealed class StreamLogQueueMapper : IConsistentRingStreamQueueMapper
{
    private readonly QueueId[] _queues;
    private readonly Dictionary<string, int> _namespaceIndex;
    private readonly IReadOnlyList<string> _namespaces;

    public StreamLogQueueMapper(string providerName, IReadOnlyList<string> namespaces)
    {
        _namespaces = namespaces;
        _namespaceIndex = namespaces.Select((ns, i) => (ns, i)).ToDictionary(p => p.ns, p => p.i);
        var count = namespaces.Count * StreamPartitioner.PartitionCount;
        var spacing = (uint)((1L << 32) / count);
        _queues = [.. Enumerable.Range(0, count).Select(i => QueueId.GetQueueId(providerName, (uint)i, spacing * (uint)i))];
    }

    public IEnumerable<QueueId> GetAllQueues() => _queues;

    public QueueId GetQueueForStream(OrleansStreamId streamId)
    {
        var stream = LogStreamOf(streamId);
        return _queues[(_namespaceIndex[stream.Namespace] * StreamPartitioner.PartitionCount) + StreamPartitioner.PartitionOf(stream)];
    }

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range) => _queues.Where(q => range.InRange(q.GetUniformHashCode()));

    /// <summary>The namespace and partition a queue reads.</summary>
    public (string Namespace, int Partition) PartitionOf(QueueId queue)
    {
        var index = (int)queue.GetNumericId();
        return (_namespaces[index / StreamPartitioner.PartitionCount], index % StreamPartitioner.PartitionCount);
    }

    /// <summary>The log's stream for an Orleans stream of a namespace this provider carries.</summary>
    public StreamId LogStreamOf(OrleansStreamId streamId)
    {
        var streamNamespace = streamId.GetNamespace();
        if (streamNamespace is null || !_namespaceIndex.ContainsKey(streamNamespace))
        {
            throw new ArgumentException($"The stream {streamId} is not in a namespace this provider carries ({string.Join(", ", _namespaces)}).", nameof(streamId));
        }

        return new StreamId(streamNamespace, streamId.GetKeyAsString());
    }
}
