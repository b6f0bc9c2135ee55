using Lottopar.Runtime;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Lottopar.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lottopar.Benchmarks;

/// <summary>
/// Cost of one grain call round trip (in-memory storage, metrics on, as in production) against
/// the hand-written channel actor. Sequential: one caller awaiting each call. Parallel: 64
/// callers on 64 grains (actors) at once.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class CallBenchmark
{
    private const int Calls = 1000;
    private IHost _host = null!;
    private IEchoGrain _grain = null!;
    private IEchoGrain[] _grains = null!;
    private ChannelActor _actor = null!;
    private ChannelActor[] _actors = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddActorRuntime(r => r.AddGrain<EchoGrain>().UseInMemoryStorage());
        _host = builder.Build();
        _host.Start();
        var grains = _host.Services.GetRequiredService<IGrainFactory>();
        _grain = grains.GetGrain<IEchoGrain>("solo");
        _grains = [.. Enumerable.Range(0, 64).Select(i => grains.GetGrain<IEchoGrain>($"g{i}"))];
        _actor = new ChannelActor();
        _actors = [.. Enumerable.Range(0, 64).Select(_ => new ChannelActor())];
    }

    [GlobalCleanup]
    public void Cleanup() => _host.StopAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public async Task<int> ChannelActorSequential()
    {
        var total = 0;
        for (var i = 0; i < Calls; i++)
        {
            total = await _actor.AddAsync(1);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task<int> GrainSequential()
    {
        var total = 0;
        for (var i = 0; i < Calls; i++)
        {
            total = await _grain.AddAsync(1);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls * 64)]
    public Task ChannelActorParallel64() => Task.WhenAll(_actors.Select(async actor =>
    {
        for (var i = 0; i < Calls; i++)
        {
            await actor.AddAsync(1);
        }
    }));

    [Benchmark(OperationsPerInvoke = Calls * 64)]
    public Task GrainParallel64() => Task.WhenAll(_grains.Select(async grain =>
    {
        for (var i = 0; i < Calls; i++)
        {
            await grain.AddAsync(1);
        }
    }));

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15).WithLaunchCount(1));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
