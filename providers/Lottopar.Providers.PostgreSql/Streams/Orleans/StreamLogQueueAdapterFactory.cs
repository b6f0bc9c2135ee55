using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Providers.PostgreSql.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Lottopar.Providers.PostgreSql.Streams.Orleans;

/// <summary>
/// Builds the Orleans stream provider's parts on the stream log: the adapter, a receiver per
/// (namespace, partition), Orleans' simple cache (which reports an event delivered once no
/// consumer cursor points at it any more, the moment a checkpoint may cover it), the queue mapper
/// and the dead-lettering failure handler. Checkpoints are named <c>orleans:{provider}:{namespace}</c>.
/// </summary>
public sealed class StreamLogQueueAdapterFactory : IQueueAdapterFactory
{
    private readonly string _name;
    private readonly StreamLogProviderOptions _options;
    private readonly IServiceProvider _services;
    private readonly StreamLogQueueMapper _mapper;
    private readonly SimpleQueueAdapterCache _cache;
    private readonly StreamLogFailureHandler _failureHandler;

    private StreamLogQueueAdapterFactory(string name, StreamLogProviderOptions options, IServiceProvider services)
    {
        _name = name;
        _options = options;
        _services = services;
        _mapper = new StreamLogQueueMapper(name, options.Namespaces);
        _cache = new SimpleQueueAdapterCache(new SimpleQueueCacheOptions { CacheSize = options.CacheSize }, name, services.GetRequiredService<ILoggerFactory>());
        _failureHandler = new StreamLogFailureHandler(
            services.GetRequiredService<IStreamLog>(),
            options,
            services.GetRequiredService<TimeProvider>(),
            services.GetService<DatabaseOutage>(),
            services.GetRequiredService<ILogger<StreamLogFailureHandler>>(),
            services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None);
    }

    /// <summary>The factory Orleans' <c>AddPersistentStreams</c> calls for provider <paramref name="name"/>.</summary>
    public static StreamLogQueueAdapterFactory Create(IServiceProvider services, string name) =>
        new(name, services.GetRequiredKeyedService<StreamLogProviderOptions>(name), services);

    /// <summary>The checkpoint subscription of a namespace's partitions.</summary>
    public static string CheckpointName(string providerName, string streamNamespace) => $"orleans:{providerName}:{streamNamespace}";

    [Obsolete("Orleans calls the overload with a cancellation token.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => Task.FromResult<IQueueAdapter>(new StreamLogQueueAdapter(
        _name,
        _mapper,
        _services.GetRequiredService<IStateStore>(),
        _services.GetRequiredService<IGrainSerializer>(),
        _services.GetRequiredService<IGrainContextAccessor>(),
        _services.GetRequiredService<TimeProvider>(),
        CreateReceiver));

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(_failureHandler);

    internal StreamLogQueueReceiver CreateReceiver(QueueId queueId)
    {
        var (streamNamespace, partition) = _mapper.PartitionOf(queueId);
        return new StreamLogQueueReceiver(
            PartitionLock.DataSourceOf(_services),
            _services.GetRequiredService<IStreamLog>(),
            _services.GetService<StreamSignals>(),
            _services.GetService<DatabaseOutage>(),
            CheckpointName(_name, streamNamespace),
            streamNamespace,
            partition,
            _options,
            _services.GetRequiredService<TimeProvider>(),
            _services.GetRequiredService<ILoggerFactory>().CreateLogger<StreamLogQueueReceiver>());
    }
}
