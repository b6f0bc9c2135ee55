using System.Text;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Grains.Common;
using Lottopar.Grains.Operators;
using Lottopar.Runtime;
using Lottopar.Runtime.Hosting;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lottopar.Grains.Tests;

/// <summary>
/// The domain grains on the in-memory runtime, for unit tests of their logic: a hand-moved clock,
/// reminders that only fire when a test asks, and in-memory stand-ins for the silo's services.
/// </summary>
public sealed class GrainHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private GrainHarness(IHost host, ManualClock clock)
    {
        _host = host;
        Clock = clock;
    }

    public ManualClock Clock { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Faults a test can arm in the runtime's storage and serialiser.</summary>
    public FaultInjector Faults => _host.Services.GetRequiredService<FaultInjector>();

    public static async Task<GrainHarness> StartAsync(DeploymentEnvironment environment = DeploymentEnvironment.Homologation)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.Zero));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(new DeploymentContext(environment));
        builder.Services.AddSingleton<ISecretProtector, Base64Protector>();
        builder.Services.AddSingleton<INotificationSender, RecordingSender>();
        builder.Services.AddSingleton<Lottopar.Grains.Betting.IBettingHistory, NoHistory>();
        builder.Services.AddSingleton<IOperatorDirectory, NoOperators>();
        builder.Services.Configure<ActorRuntimeOptions>(o => o.ReminderPollInterval = TimeSpan.FromHours(1));
        builder.Services.AddActorRuntime(r => r.AddGrains(typeof(OperatorGrain).Assembly).UseInMemoryStorage());
        builder.Services.AddFaultInjection();
        var host = builder.Build();
        await host.StartAsync();
        return new GrainHarness(host, clock);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>Not encryption: unit tests only need the round trip.</summary>
    private sealed class Base64Protector : ISecretProtector
    {
        public string Protect(string plaintext) => Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext));

        public string Unprotect(string protectedText) => Encoding.UTF8.GetString(Convert.FromBase64String(protectedText));
    }

    /// <summary>The in-memory runtime keeps no event store: players start from their snapshot alone.</summary>
    private sealed class NoHistory : Lottopar.Grains.Betting.IBettingHistory
    {
        public IAsyncEnumerable<GrainInterfaces.Betting.BettingEventRecord> PlayerEventsAfterAsync(string cpf, long afterSequence, CancellationToken cancellationToken) =>
            AsyncEnumerable.Empty<GrainInterfaces.Betting.BettingEventRecord>();
    }

    /// <summary>Operators live on Orleans, which this harness does not run: none exists here.</summary>
    private sealed class NoOperators : IOperatorDirectory
    {
        public Task RequireAsync(string oprid) => throw new GrainInterfaces.Common.DomainNotFoundException($"No operator has OPRID {oprid}.");
    }

    private sealed class RecordingSender : INotificationSender
    {
        public List<OutgoingNotification> Sent { get; } = [];

        public Task SendAsync(OutgoingNotification notification, CancellationToken cancellationToken = default)
        {
            Sent.Add(notification);
            return Task.CompletedTask;
        }
    }
}
