using System.Collections.Concurrent;
using System.Diagnostics;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit;
using static Lottopar.Silo.Tests.Betting.BettingFixture;

namespace Lottopar.Silo.Tests.Betting;

/// <summary>
/// A player's CPF is personal data (LGPD): after a betting flow, no log line at Debug and above, no
/// trace (Activity) and no Orleans dashboard answer holds it, in digits or formatted. Orleans writes
/// grain ids into all three, so this guards the player's grain key as much as the code's own logging.
/// </summary>
public sealed class PersonalDataTraceTests : IAsyncLifetime
{
    private readonly LogSink _logs = new();
    private readonly ConcurrentQueue<string> _traces = new();
    private ActivityListener? _listener;
    private PlatformHost _silo = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _traces.Enqueue(
                $"{activity.Source.Name} {activity.DisplayName} {string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))}"),
        };
        ActivitySource.AddActivityListener(_listener);
        _silo = await PlatformHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Debug", ["Logging:LogLevel:Orleans"] = "Debug" },
            services: _logs.AddTo);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        _listener?.Dispose();
    }

    [Fact]
    public async Task ABettingFlowLeavesNoCpfInLogsTracesOrTheDashboard()
    {
        var admin = await _silo.AdminAsync();
        var oprid = await PlatformHost.OnboardAsync(admin);
        var client = _silo.WithApiKey(await PlatformHost.IssueKeyAsync(admin, oprid, "homologation", "betting-events", "read"));
        var cpf = NewCpf();
        Assert.True(Cpf.TryNormalize(cpf, out var digits));

        await AcceptedAsync(await PostAsync(client, Example("multiple-new-bet", j => { j["tax_id"] = cpf; j["last_player_balance"] = 50000; })));
        await AcceptedAsync(await PostAsync(client, Example("multiple-result", j => j["tax_id"] = cpf), idempotencyKey: Guid.NewGuid().ToString("N")));
        await Expect.JsonAsync(await client.GetAsync($"/players/{digits}/summary"));
        var analyst = await _silo.StaffAsync([StaffRole.IntegrityAnalyst.WireName()], oprid: null);
        await Expect.JsonAsync(await analyst.GetAsync($"/admin/grains/player/{digits}"));

        var dashboard = new List<string>();
        foreach (var view in new[] { "DashboardCounters", "ClusterStats", "TopGrainMethods", "Reminders", "GrainTypes" })
        {
            var response = await analyst.GetAsync($"/dashboard/{view}");
            await Expect.StatusAsync(response, 200);
            dashboard.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Debug); // the sink sees Debug: the check below means something
        Assert.Contains(_logs.Entries, e => e.Category.StartsWith("Orleans", StringComparison.Ordinal));
        var formatted = Cpf.Format(digits);
        Assert.All(_logs.Entries, e => Assert.False(
            Holds(e.Message, digits, formatted) || Holds(e.Exception?.ToString(), digits, formatted), $"{e.Category}: {e.Message}"));
        Assert.All(_traces, t => Assert.False(Holds(t, digits, formatted), t));
        Assert.All(dashboard, d => Assert.False(Holds(d, digits, formatted), d));
    }

    private static bool Holds(string? text, string digits, string formatted) =>
        text is not null && (text.Contains(digits, StringComparison.Ordinal) || text.Contains(formatted, StringComparison.Ordinal));
}
