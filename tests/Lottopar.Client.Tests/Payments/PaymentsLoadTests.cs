using System.Text.RegularExpressions;
using Lottopar.Client.Payments;
using Xunit;

namespace Lottopar.Client.Tests.Payments;

/// <summary>The payments load (<c>lottopar load payments</c> and its runner) against the fake platform: what counts as done, and what it never does.</summary>
public sealed partial class PaymentsLoadTests
{
    [Fact]
    public async Task ADepositCountsOnceReadBackCompletedAndEachNamesANewPlayer()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = platform.CreateHttpClient();

        var report = await new PaymentsLoadRunner(platform.CreateClient(http), PaymentsLoadKind.CashIn).RunAsync(LoadPlan.ClosedLoop(4, maxEvents: 20));

        Assert.Equal((20L, 20L, 0L), (report.Sent, report.Succeeded, report.Failed));
        Assert.Equal(20 * (platform.ReadsBeforeSettled + 1), report.Polls);
        Assert.True(report.Latency.P50Ms >= 3 * PaymentsLoadRunner.PollInterval.TotalMilliseconds, $"p50 {report.Latency.P50Ms} ms: created to completed spans three reads");
        Assert.Equal(20, platform.CpfsSeen.Distinct().Count());
        Assert.True(report.AllSucceeded);
    }

    [Fact]
    public async Task ADepositNeverPaidFailsAtTheSettleTimeout()
    {
        await using var platform = await FakePlatform.StartAsync();
        platform.DepositSettles = number => number != 2;
        using var http = platform.CreateHttpClient();

        var report = await new PaymentsLoadRunner(platform.CreateClient(http), PaymentsLoadKind.CashIn, settleTimeout: TimeSpan.FromSeconds(0.3))
            .RunAsync(LoadPlan.ClosedLoop(2, maxEvents: 6));

        Assert.Equal(5, report.Succeeded);
        Assert.Equal(new Dictionary<string, long> { ["not settled within 0.3 s"] = 1 }, report.Failures);
        Assert.False(report.AllSucceeded);
    }

    [Fact]
    public async Task PayoutsGoOnlyToPlayersRegisteredOnceEachWithOnePayoutAtATime()
    {
        await using var platform = await FakePlatform.StartAsync(latency: TimeSpan.FromMilliseconds(5));
        platform.PayoutsComplete = true;
        using var http = platform.CreateHttpClient();
        var runner = new PaymentsLoadRunner(platform.CreateClient(http), PaymentsLoadKind.CashOut);

        var first = await runner.RunAsync(LoadPlan.ClosedLoop(3, maxEvents: 30));
        var second = await runner.RunAsync(LoadPlan.ClosedLoop(5, maxEvents: 10));

        Assert.Equal((30L, 10L), (first.Succeeded, second.Succeeded));
        Assert.Equal(5, platform.PayoutAccounts.Count);
        Assert.All(platform.PayoutAccounts.Values, registrations => Assert.Equal(1, registrations));
        Assert.Empty(platform.Violations);
    }

    [Fact]
    public async Task APayoutAnsweredFailedIsAFailureByItsStatus()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = platform.CreateHttpClient();

        var report = await new PaymentsLoadRunner(platform.CreateClient(http), PaymentsLoadKind.CashOut).RunAsync(LoadPlan.ClosedLoop(2, maxEvents: 4));

        Assert.Equal(0, report.Succeeded);
        Assert.Equal(new Dictionary<string, long> { ["payment failed"] = 4 }, report.Failures);
    }

    [Fact]
    public async Task ACpfNotAllowedIsAValidationDoneAndCountedApart()
    {
        await using var platform = await FakePlatform.StartAsync();
        platform.AnyValidCpfAnswer = new CpfAnswer(["underage"]);
        using var http = platform.CreateHttpClient();

        var report = await new PaymentsLoadRunner(platform.CreateClient(http), PaymentsLoadKind.Cpf).RunAsync(LoadPlan.ClosedLoop(3, maxEvents: 12));

        Assert.Equal((12L, 12L, 0L), (report.Succeeded, report.CpfRefused, report.Failed));
        Assert.Equal(12, platform.CpfsSeen.Distinct().Count());
    }

    [Fact]
    public async Task TheFloorGetsTheSameCallsAtItsAddressAndNothingElse()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = new HttpClient { BaseAddress = PaymentsLoadRunner.FloorAddress(platform.BaseAddress) };
        var client = platform.CreateClient(http);

        var deposits = await new PaymentsLoadRunner(client, PaymentsLoadKind.CashIn, floor: true).RunAsync(LoadPlan.ClosedLoop(2, maxEvents: 10));
        var payouts = await new PaymentsLoadRunner(client, PaymentsLoadKind.CashOut, floor: true).RunAsync(LoadPlan.ClosedLoop(2, maxEvents: 10));

        Assert.Equal((10L, 0L, 10L), (deposits.Succeeded, deposits.Polls, payouts.Succeeded));
        Assert.Equal(
            [.. Enumerable.Repeat("POST /benchmarks/payments-floor/payments/cash-in", 10), .. Enumerable.Repeat("POST /benchmarks/payments-floor/payments/cash-out", 10)],
            platform.RequestPaths);
    }

    [Fact]
    public async Task TheCommandPrintsASummaryWithoutFullCpfsAndExitsZeroWhenEveryCallSucceeded()
    {
        await using var platform = await FakePlatform.StartAsync();
        platform.AnyValidCpfAnswer = new CpfAnswer([]);

        var (exitCode, output) = await CliHarness.RunAsync(
            ["load", "payments", "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey, "--kind", "cpf", "--seconds", "0.5", "--concurrency", "2"]);

        Assert.Equal(0, exitCode);
        foreach (var row in new[] { "Closed loop with 2 workers for 0.5 s", "Payments load summary", "Validated", "validations/s", "Latency p99" })
        {
            Assert.Contains(row, output, StringComparison.Ordinal);
        }

        Assert.NotEmpty(platform.CpfsSeen);
        Assert.DoesNotMatch(FullCpf(), output);
    }

    [Fact]
    public async Task TheCommandExitsOneAndCountsEveryRefusalByStatusAndCode()
    {
        await using var platform = await FakePlatform.StartAsync();
        platform.CashInRefusal = new Refusal(503, "dependency_unavailable", RetryAfterSeconds: 1);

        var (exitCode, output) = await CliHarness.RunAsync(
            ["load", "payments", "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey, "--kind", "cash-in", "--seconds", "0.3", "--concurrency", "2"]);

        Assert.Equal(1, exitCode);
        Assert.Matches(@"HTTP 503 dependency_unavailable\s*│\s*[1-9]", output);
        Assert.DoesNotMatch(FullCpf(), output);
    }

    [GeneratedRegex(@"\d{3}\.?\d{3}\.?\d{3}-?\d{2}")]
    private static partial Regex FullCpf();
}
