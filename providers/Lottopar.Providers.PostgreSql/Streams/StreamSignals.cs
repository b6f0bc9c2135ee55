using System.Collections.Concurrent;
using System.Threading.Channels;
using Lottopar.Providers.PostgreSql.Outages;

namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// Wakes the delivery loops of a namespace and partition as soon as events for it commit in this
/// silo, and queues the same news for other silos (see <see cref="PostgresStreamNotifications"/>).
/// </summary>
public sealed class StreamSignals
{
    private readonly ConcurrentDictionary<(string Namespace, int Partition), AsyncSignal[]> _waiters = new();
    private Channel<(string Namespace, int Partition)>? _outgoing;

    public void Published(IReadOnlyList<OutboundStreamEvent> events)
    {
        var outgoing = _outgoing;
        foreach (var e in events)
        {
            Wake(e.Stream.Namespace, e.Partition);
            outgoing?.Writer.TryWrite((e.Stream.Namespace, e.Partition));
        }
    }

    internal AsyncSignal Subscribe(string streamNamespace, int partition)
    {
        var signal = new AsyncSignal();
        _waiters.AddOrUpdate((streamNamespace, partition), [signal], (_, existing) => [.. existing, signal]);
        return signal;
    }

    /// <summary>Forgets a signal (its reader stopped), so that commits no longer set it.</summary>
    internal void Unsubscribe(string streamNamespace, int partition, AsyncSignal signal) =>
        _waiters.AddOrUpdate((streamNamespace, partition), [], (_, existing) => [.. existing.Where(s => s != signal)]);

    internal void Wake(string streamNamespace, int partition)
    {
        if (_waiters.TryGetValue((streamNamespace, partition), out var signals))
        {
            foreach (var signal in signals)
            {
                signal.Set();
            }
        }
    }

    internal void WakeAll()
    {
        foreach (var signal in _waiters.Values.SelectMany(s => s))
        {
            signal.Set();
        }
    }

    /// <summary>Starts queueing notifications for other silos; only a running notifier drains the queue.</summary>
    internal ChannelReader<(string Namespace, int Partition)> EnableOutgoing()
    {
        _outgoing ??= Channel.CreateUnbounded<(string, int)>(new UnboundedChannelOptions { SingleReader = true });
        return _outgoing.Reader;
    }
}
