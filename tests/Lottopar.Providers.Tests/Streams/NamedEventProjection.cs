using System.Collections.Concurrent;
using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql.Streams;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>An event with a name of its own, published into a namespace beside others.</summary>
[StreamEventName(Name)]
public sealed record Withdrawn(string Account, long Amount)
{
    public const string Name = "withdrawn";
}

/// <summary>Keeps the <see cref="Withdrawn"/> events it was given. One per silo (a singleton).</summary>
public sealed class WithdrawnProjection : IStreamProjection<Withdrawn>
{
    private readonly ConcurrentQueue<ProjectedEvent<Withdrawn>> _received = new();

    public IReadOnlyList<ProjectedEvent<Withdrawn>> Received => [.. _received];

    public Task ProjectAsync(IReadOnlyList<ProjectedEvent<Withdrawn>> batch, CancellationToken cancellationToken)
    {
        foreach (var e in batch)
        {
            _received.Enqueue(e);
        }

        return Task.CompletedTask;
    }
}
