using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Orleans.Hosting;

namespace Lottopar.Providers.PostgreSql.Streams.Orleans;

public static class StreamLogProviderRegistration
{
    /// <summary>
    /// <see cref="AddPostgresStreamLog"/> for the namespaces of <paramref name="candidates"/> (and any
    /// other namespace named by a subscription) that some grain class of Orleans' application parts
    /// subscribes to implicitly (<see cref="ImplicitSubscriptions"/>); with none, no provider is
    /// added, so no pulling agent runs. Returns the namespaces it carries.
    /// </summary>
    public static IReadOnlyList<string> AddPostgresStreamLogForConsumers(
        this ISiloBuilder silo, string name, IReadOnlyList<string> candidates, Action<StreamLogProviderOptions>? configure = null)
    {
        var consumed = ImplicitSubscriptions.InApplicationParts(candidates);
        if (consumed.Count > 0)
        {
            silo.AddPostgresStreamLog(name, consumed, configure);
        }

        return consumed;
    }

    /// <summary>
    /// Adds an Orleans persistent stream provider named <paramref name="name"/> on the stream log,
    /// carrying <paramref name="namespaces"/>: grains subscribe (implicitly) to their events, whether
    /// committed by a grain's outbox, <see cref="IStreamEventLog"/> or produced on an Orleans stream
    /// of this provider. Stands on <c>AddPostgresProviders</c> (the stream log, the state store)
    /// and an <see cref="Npgsql.NpgsqlDataSource"/> service. Subscriptions are implicit only: explicit
    /// ones would need Orleans' pub-sub grain storage, which the platform does not keep.
    /// </summary>
    public static ISiloBuilder AddPostgresStreamLog(
        this ISiloBuilder silo, string name, IReadOnlyList<string> namespaces, Action<StreamLogProviderOptions>? configure = null)
    {
        var options = new StreamLogProviderOptions { Namespaces = [.. namespaces] };
        configure?.Invoke(options);
        options.Validate(name);
        silo.Services.AddKeyedSingleton(name, options);
        return silo.AddPersistentStreams(name, StreamLogQueueAdapterFactory.Create, stream =>
        {
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            stream.ConfigurePullingAgent(agent => agent.Configure(o =>
            {
                o.GetQueueMsgsTimerPeriod = options.PollPeriod;
                o.MaxEventDeliveryTime = options.MaxEventDeliveryTime;
            }));
        });
    }
}
