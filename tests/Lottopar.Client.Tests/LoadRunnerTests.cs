using System.Collections.Concurrent;
using System.Net;
using Xunit;

namespace Lottopar.Client.Tests;

/// <summary>The load runner against a local platform: rate, tallies, and each player's ordering.</summary>
public sealed class LoadRunnerTests
{
    [Fact]
    public async Task AnOpenLoopOffersRoughlyTheTargetRateAndEverythingIsAccepted()
    {
        await using var platform = await FakePlatform.StartAsync(latency: TimeSpan.FromMilliseconds(2));
        using var http = platform.CreateHttpClient();
        var runner = new LoadRunner(new BettingEventGenerator(players: 20, seed: 1), platform.CreateClient(http));

        var report = await runner.RunAsync(LoadPlan.OpenLoop(200, TimeSpan.FromSeconds(2), maxInFlight: 64));

        // A functional check, not a benchmark: the schedule offers at most what the plan asks (200/s for
        // 2 s), never a burst beyond it; how much of it a loaded test machine gets through varies, so
        // the lower bound is loose and the rate itself (Throughput) is not asserted.
        Assert.InRange(report.Sent + report.Missed, 100, 401);
        Assert.True(report.Throughput > 0);
        Assert.Equal(report.Sent, report.Completed);
        Assert.Equal(report.Sent, report.Accepted);
        Assert.Equal(report.Sent, report.ByStatus[201]);
        Assert.Equal(0, report.Rejected);
        Assert.Empty(report.ByFlag);
        Assert.Equal(report.Sent, platform.Requests);
        Assert.Empty(platform.Violations);
        Assert.Equal(report.Sent, report.Latency.Count);
        Assert.InRange(report.Latency.P50Ms, 2, 1000);
        Assert.True(report.Latency.P50Ms <= report.Latency.P95Ms && report.Latency.P95Ms <= report.Latency.P99Ms && report.Latency.P99Ms <= report.Latency.MaxMs);
        Assert.False(report.Interrupted);
    }

    [Fact]
    public async Task RefusalsAreCountedByStatusAndCodeAndDoNotBreakAnyPlayersBalance()
    {
        // Every 5th request is invalid, every 7th (not also a 5th) is rate limited: counts known in advance.
        await using var platform = await FakePlatform.StartAsync((number, _) => number switch
        {
            _ when number % 5 == 0 => new Refusal(422, "validation_failed", new() { ["tax_id"] = ["Not a valid CPF."] }),
            _ when number % 7 == 0 => new Refusal(429, "rate_limited", RetryAfterSeconds: 1),
            _ => null,
        });
        using var http = platform.CreateHttpClient();
        var runner = new LoadRunner(new BettingEventGenerator(players: 6, seed: 2), platform.CreateClient(http));

        var report = await runner.RunAsync(LoadPlan.OpenLoop(400, maxEvents: 140, maxInFlight: 16));

        Assert.Equal(140, report.Sent);
        Assert.Equal(96, report.Accepted);
        Assert.Equal(44, report.Rejected);
        Assert.Equal(new Dictionary<int, long> { [201] = 96, [422] = 28, [429] = 16 }, report.ByStatus.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(new Dictionary<string, long> { ["validation_failed"] = 28, ["rate_limited"] = 16 }, report.ByProblemCode.ToDictionary());
        // The refused events were forgotten by the generator: the platform saw no gap in any balance.
        Assert.Empty(platform.Violations);
        Assert.Empty(report.ByFlag);
    }

    [Fact]
    public async Task OnePlayersEventsNeverOverlapAndContinueEachOthersBalance()
    {
        await using var platform = await FakePlatform.StartAsync(latency: TimeSpan.FromMilliseconds(3));
        using var http = platform.CreateHttpClient();
        var runner = new LoadRunner(new BettingEventGenerator(players: 5, seed: 3), platform.CreateClient(http));

        // Far more workers than players: the runner must hold four of every five back, not send them.
        // A count, not a duration, so that a slow first second on a cold machine cannot starve the run.
        var report = await runner.RunAsync(LoadPlan.ClosedLoop(workers: 25, maxEvents: 120));

        Assert.Empty(platform.Violations);
        Assert.Equal((120, 120), (report.Sent, report.Accepted));

        // A player whose money runs out is replaced by a new one, so there may be more than five.
        Assert.InRange(platform.AcceptedByPlayer.Count, 5, 10);
        Assert.Equal(120, platform.AcceptedByPlayer.Values.Sum(stream => stream.Count));
    }

    [Fact]
    public async Task AClosedLoopStopsAfterItsCount()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = platform.CreateHttpClient();
        var runner = new LoadRunner(new BettingEventGenerator(players: 10, seed: 4), platform.CreateClient(http));

        var report = await runner.RunAsync(LoadPlan.ClosedLoop(workers: 4, maxEvents: 50));

        Assert.Equal(50, report.Sent);
        Assert.Equal(50, report.Accepted);
        Assert.Equal(50, platform.Requests);
    }

    [Fact]
    public async Task ProgressIsReportedWhileRunningAndOnceAtTheEnd()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = platform.CreateHttpClient();
        var runner = new LoadRunner(new BettingEventGenerator(players: 10, seed: 5), platform.CreateClient(http));
        var snapshots = new ConcurrentQueue<LoadProgress>();

        var plan = LoadPlan.OpenLoop(100, TimeSpan.FromSeconds(1)) with { ProgressInterval = TimeSpan.FromMilliseconds(100) };
        var report = await runner.RunAsync(plan, snapshots.Enqueue);

        Assert.True(snapshots.Count >= 5, $"{snapshots.Count} snapshots");
        Assert.Equal(snapshots.Select(s => s.Completed).Order(), snapshots.Select(s => s.Completed));
        Assert.Contains(snapshots, s => s.CurrentRate > 0 && s.Fraction is > 0 and < 1);
        var last = snapshots.Last();
        Assert.Equal((report.Sent, report.Completed, report.Accepted, 0L, 1.0), (last.Sent, last.Completed, last.Accepted, last.Errors, last.Fraction));
    }

    [Fact]
    public async Task LatencyIsMeasuredAroundTheSendFunction()
    {
        var runner = new LoadRunner(new BettingEventGenerator(players: 10, seed: 6), async (request, token) =>
        {
            await Task.Delay(25, token);
            return Created(request);
        });

        var report = await runner.RunAsync(LoadPlan.ClosedLoop(workers: 10, maxEvents: 60));

        Assert.InRange(report.Latency.P50Ms, 20, 1000);
        Assert.True(report.Latency.MaxMs >= report.Latency.P99Ms);
    }

    [Fact]
    public async Task TransportFailuresAreCountedByReasonAndTheirEventsForgotten()
    {
        var generator = new BettingEventGenerator(players: 3, seed: 7);
        var runner = new LoadRunner(generator, (_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

        var report = await runner.RunAsync(LoadPlan.ClosedLoop(workers: 3, maxEvents: 30));

        Assert.Equal(30, report.Completed);
        Assert.Equal(0, report.Accepted);
        Assert.Equal(0, report.Rejected);
        Assert.Equal(30, report.TransportErrors["ConnectionError"]);
        Assert.Equal(0, report.Latency.Count);
        // Nothing was accepted, so every player is still at its opening balance with no open slip.
        var next = generator.TakeAccepted(3);
        Assert.All(next, e => Assert.Equal(BettingEventTypes.NewBet, e.Event));
    }

    [Fact]
    public async Task AFailingSendFunctionAbortsTheRun()
    {
        var runner = new LoadRunner(new BettingEventGenerator(players: 3, seed: 8), (_, _) => throw new InvalidOperationException("bug in the sender"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(LoadPlan.OpenLoop(100, TimeSpan.FromSeconds(30))));

        Assert.Equal("bug in the sender", failure.Message);
    }

    [Fact]
    public async Task CancellingStopsTheRunAndReportsWhatCompleted()
    {
        var runner = new LoadRunner(new BettingEventGenerator(players: 10, seed: 9), async (request, token) =>
        {
            await Task.Delay(5, token);
            return Created(request);
        });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var report = await runner.RunAsync(LoadPlan.OpenLoop(100, TimeSpan.FromSeconds(30)), cancellationToken: cancellation.Token);

        Assert.True(report.Interrupted);
        Assert.InRange(report.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        Assert.True(report.Accepted > 0);
    }

    [Fact]
    public async Task AnOpenLoopThatCannotKeepUpCountsWhatItMissed()
    {
        // One player, so one request at a time, each taking 50 ms: at most ~20/s of the 200/s asked for
        // (fewer when the machine is busy and the delays run long: the suite runs projects side by side).
        var runner = new LoadRunner(new BettingEventGenerator(players: 1, seed: 10), async (request, token) =>
        {
            await Task.Delay(50, token);
            return Created(request);
        });

        var report = await runner.RunAsync(LoadPlan.OpenLoop(200, TimeSpan.FromSeconds(1)));

        Assert.InRange(report.Sent, 1, 30);
        Assert.InRange(report.Missed, 150, 200);
        Assert.Equal(200, report.Sent + report.Missed);
    }

    private static SendResult Created(BettingEventRequest request) => new(
        HttpStatusCode.Created,
        new BettingEventAccepted { EventId = Guid.NewGuid(), ReceivedAt = DateTimeOffset.UtcNow, BetSlipId = request.BetSlipId, BetSlipState = request.BetSlipState },
        null,
        TimeSpan.Zero);
}
