using System.Collections.Concurrent;
using Lottopar.Providers.PostgreSql.Streams;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>
/// Keeps what it was given, in the order it was given; counts how often each event was offered.
/// Refuses a whole batch if it contains an event <see cref="Refuse"/> matches, and fails as an
/// unreachable database would while <see cref="Outage"/> says so. One per silo (a singleton).
/// </summary>
public sealed class RecordingProjection : IStreamProjection<Deposited>
{
    private readonly ConcurrentQueue<ProjectedEvent<Deposited>> _received = new();
    private readonly ConcurrentDictionary<StreamPosition, int> _offers = new();

    public Func<Deposited, bool> Refuse { get; set; } = _ => false;

    public Func<bool> Outage { get; set; } = () => false;

    public IReadOnlyList<ProjectedEvent<Deposited>> Received => [.. _received];

    /// <summary>How many batches holding the event at <paramref name="position"/> were offered.</summary>
    public int OffersOf(StreamPosition position) => _offers.GetValueOrDefault(position);

    public Task ProjectAsync(IReadOnlyList<ProjectedEvent<Deposited>> batch, CancellationToken cancellationToken)
    {
        foreach (var e in batch)
        {
            _offers.AddOrUpdate(e.Info.Position, 1, (_, n) => n + 1);
        }

        if (Outage())
        {
            throw new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432");
        }

        if (batch.Any(e => Refuse(e.Item)))
        {
            throw new InvalidOperationException("refused");
        }

        foreach (var e in batch)
        {
            _received.Enqueue(e);
        }

        return Task.CompletedTask;
    }
}
