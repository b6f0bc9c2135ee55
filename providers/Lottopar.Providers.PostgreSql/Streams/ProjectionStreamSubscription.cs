using Lottopar.Providers.PostgreSql.Outages;
using Microsoft.Extensions.DependencyInjection;

namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// Maintains a read model (a queryable table) from a stream namespace. It is a service, not a
/// grain, and it receives whole batches in log order. Delivery is at least once, so a projection
/// must be idempotent: key its rows by <see cref="StreamEventInfo.Position"/>. A namespace may carry
/// several kinds of event: a projection of a type with a <see cref="StreamEventNameAttribute"/> gets
/// the events published under that name only, as an Orleans consumer of the type does; of a type
/// without one, every event.
/// </summary>
public interface IStreamProjection<TEvent>
{
    Task ProjectAsync(IReadOnlyList<ProjectedEvent<TEvent>> batch, CancellationToken cancellationToken);
}

public sealed record ProjectedEvent<TEvent>(TEvent Item, StreamEventInfo Info);

/// <summary>
/// Hands each batch to the projection, retrying the batch. If it keeps failing, the events are
/// tried one by one so that one poison event is dead-lettered and the rest still land.
/// </summary>
internal sealed class ProjectionStreamSubscription<TProjection, TEvent>(string name, string streamNamespace)
    : StreamSubscription(name, streamNamespace)
    where TProjection : IStreamProjection<TEvent>
{
    private static readonly string? EventName = StreamEventNameAttribute.Of(typeof(TEvent));

    internal override void Validate(IServiceProvider services) => services.GetRequiredService<TProjection>();

    internal override async Task DeliverAsync(IReadOnlyList<StoredStreamEvent> batch, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        var projection = delivery.Services.GetRequiredService<TProjection>();
        var readable = new List<(StoredStreamEvent Stored, ProjectedEvent<TEvent> Event)>(batch.Count);
        foreach (var stored in batch.Where(e => EventName is null || e.EventType == EventName))
        {
            try
            {
                var item = delivery.Read<TEvent>(stored);
                readable.Add((stored, new ProjectedEvent<TEvent>(item, new StreamEventInfo(stored.Stream, stored.Position, stored.PublishedAt))));
            }
            catch (Exception error) when (StreamDelivery.IsUnreadable(error))
            {
                await delivery.DeadLetterAsync(this, stored, error, attempts: 1, cancellationToken).ConfigureAwait(false);
            }
        }

        if (readable.Count == 0)
        {
            return;
        }

        var failure = await delivery.WithRetriesAsync(
            this, $"batch of {readable.Count}", () => projection.ProjectAsync([.. readable.Select(r => r.Event)], cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        if (failure is null)
        {
            readable.ForEach(r => delivery.Delivered(this, r.Stored));
            return;
        }

        foreach (var (stored, projected) in readable)
        {
            try
            {
                await projection.ProjectAsync([projected], cancellationToken).ConfigureAwait(false);
                delivery.Delivered(this, stored);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && !DatabaseOutage.IsOutage(error))
            {
                await delivery.DeadLetterAsync(this, stored, error, delivery.Options.StreamMaxAttempts + 1, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
