using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Lottopar.Client.WebSale;

/// <summary>The tallies of a POS load run, updated from many tasks at once.</summary>
internal sealed class PosLoadCounters : ILoadTally
{
    private readonly ConcurrentDictionary<int, long> _byRefusalCode = new();
    private readonly ConcurrentDictionary<string, long> _transportErrors = new(StringComparer.Ordinal);
    private readonly LatencyHistogram _latency = new();
    private long _sent;
    private long _completed;
    private long _tickets;
    private long _partialTickets;
    private long _unexpected;
    private long _missed;

    public long Sent => Interlocked.Read(ref _sent);

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>A ticket was issued, in full or in part.</summary>
    public long Accepted => Interlocked.Read(ref _tickets) + Interlocked.Read(ref _partialTickets);

    public void Started() => Interlocked.Increment(ref _sent);

    public void MissedOne() => Interlocked.Increment(ref _missed);

    public void Answered(SaleAnswer answer, TimeSpan latency)
    {
        _latency.Record(latency);
        switch (answer)
        {
            case TicketSold:
                Interlocked.Increment(ref _tickets);
                break;
            case TicketPartiallySold:
                Interlocked.Increment(ref _partialTickets);
                break;
            case SaleRefused refused:
                _byRefusalCode.AddOrUpdate(refused.Code, 1, (_, n) => n + 1);
                break;
            default:
                throw new InvalidOperationException($"Unknown sale answer {answer.GetType().Name}.");
        }

        Interlocked.Increment(ref _completed);
    }

    public void AnsweredUnexpectedly(TimeSpan latency)
    {
        _latency.Record(latency);
        Interlocked.Increment(ref _unexpected);
        Interlocked.Increment(ref _completed);
    }

    public void FailedInTransport(string reason)
    {
        _transportErrors.AddOrUpdate(reason, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _completed);
    }

    public PosLoadReport Report(LoadPlan plan, int terminals, TimeSpan elapsed, bool interrupted) => new()
    {
        Plan = plan,
        Terminals = terminals,
        Elapsed = elapsed,
        Sent = Sent,
        Completed = Completed,
        Tickets = Interlocked.Read(ref _tickets),
        PartialTickets = Interlocked.Read(ref _partialTickets),
        ByRefusalCode = _byRefusalCode.ToFrozenDictionary(),
        UnexpectedAnswers = Interlocked.Read(ref _unexpected),
        TransportErrors = _transportErrors.ToFrozenDictionary(StringComparer.Ordinal),
        Missed = Interlocked.Read(ref _missed),
        Latency = _latency.Summarize(),
        Interrupted = interrupted,
    };
}
