using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Lottopar.Client.Tests;

/// <summary>The <c>lottopar</c> tool against a local platform, in-process and as the built program.</summary>
public sealed partial class CliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lottopar-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SendingAFilePrintsTheAcceptedEventAndExitsZero()
    {
        await using var platform = await FakePlatform.StartAsync();
        var file = WriteFile("simple.json", DocumentExamples.SimpleNewBet);

        var (exitCode, output) = await RunAsync(["events", "send", "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey, "--file", file]);

        Assert.Equal(0, exitCode);
        var eventId = Assert.Single(platform.AcceptedByPlayer["012.345.678-90"]);
        Assert.Contains("201 Created simple.json", output, StringComparison.Ordinal);
        Assert.Matches(@"event [0-9a-f]{8}-[0-9a-f]{4}-", output);
        Assert.Contains("slip_simple_123 -> open", output, StringComparison.Ordinal);
        Assert.Equal(DocumentExamples.SimpleNewBet, Assert.Single(platform.Received).Body);
    }

    [Fact]
    public async Task ARefusedEventIsPrintedWithItsFieldErrorsAndExitsOne()
    {
        await using var platform = await FakePlatform.StartAsync((_, body) => body.GetProperty("event").GetString() == "result"
            ? new Refusal(422, "validation_failed", new() { ["current_player_balance"] = ["Does not match the result."] })
            : null);
        var file = WriteFile("two.json", $"[{DocumentExamples.MultipleNewBet}, {DocumentExamples.MultipleResult}]");

        var (exitCode, output) = await RunAsync(
            ["events", "send", "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey, "--file", file, "--idempotency-key", "batch-7"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("201 Created two.json[0]", output, StringComparison.Ordinal);
        Assert.Contains("422 Unprocessable Entity two.json[1]", output, StringComparison.Ordinal);
        Assert.Contains("validation_failed: Refused: validation_failed", output, StringComparison.Ordinal);
        Assert.Contains("- current_player_balance: Does not match the result.", output, StringComparison.Ordinal);
        Assert.Contains("2 sent, 1 accepted, 1 refused", output, StringComparison.Ordinal);
        Assert.Equal(["batch-7-1", "batch-7-2"], platform.Received.Select(r => r.IdempotencyKey));
    }

    [Fact]
    public async Task GeneratedEventsAreSentInOrderAndNoFullCpfIsPrinted()
    {
        await using var platform = await FakePlatform.StartAsync();
        var environment = new Dictionary<string, string?> { ["LOTTOPAR_URL"] = platform.BaseAddress.ToString(), ["LOTTOPAR_API_KEY"] = platform.ApiKey };

        var (exitCode, output) = await RunAsync(["events", "send", "--generate", "--count", "12", "--players", "3", "--seed", "5"], environment);

        Assert.Equal(0, exitCode);
        Assert.Equal(12, platform.Requests);
        Assert.Empty(platform.Violations);
        Assert.Contains("12 sent, 12 accepted, 0 refused", output, StringComparison.Ordinal);
        Assert.Matches(@"#1 new_bet \*\*\*\.\d{3}\.\d{3}-\*\* slip_", output);
        Assert.DoesNotMatch(FullCpf(), output);
    }

    [Fact]
    public async Task CpfValidateExitsZeroWhenAllowedAndTwoWithEveryReasonWhenRefused()
    {
        await using var platform = await FakePlatform.StartAsync();
        platform.CpfAnswers["529.982.247-25"] = new CpfAnswer([]);
        platform.CpfAnswers["11144477735"] = new CpfAnswer(["underage", "barred_relative"]);
        var connection = new[] { "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey };

        var (allowedExit, allowed) = await RunAsync(["cpf", "validate", "529.982.247-25", .. connection]);
        var (refusedExit, refused) = await RunAsync(["cpf", "validate", "11144477735", .. connection]);

        Assert.Equal(0, allowedExit);
        Assert.Equal("allowed", allowed.Trim());
        Assert.Equal(2, refusedExit);
        Assert.Contains("refused", refused, StringComparison.Ordinal);
        Assert.Contains("- underage: Because underage.", refused, StringComparison.Ordinal);
        Assert.Contains("- barred_relative: Because barred_relative.", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CpfValidateThatGetsNoAnswerExitsOneWithTheProblem()
    {
        await using var platform = await FakePlatform.StartAsync();
        platform.CpfAnswers["52998224725"] = new CpfAnswer([], new Refusal(503, "dependency_unavailable", RetryAfterSeconds: 5));
        var connection = new[] { "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey };

        var (unavailableExit, unavailable) = await RunAsync(["cpf", "validate", "52998224725", .. connection]);
        var (invalidExit, invalid) = await RunAsync(["cpf", "validate", "123", .. connection]);

        Assert.Equal(1, unavailableExit);
        Assert.Contains("503 Service Unavailable", unavailable, StringComparison.Ordinal);
        Assert.Contains("dependency_unavailable", unavailable, StringComparison.Ordinal);
        Assert.Contains("retry after 5 s", unavailable, StringComparison.Ordinal);
        Assert.Equal(1, invalidExit);
        Assert.Contains("- cpf: A CPF is 11 digits.", invalid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PaymentsCashInSendsTheDepositWithItsKeyAndWritesTheQrCode()
    {
        await using var platform = await FakePlatform.StartAsync();
        var png = Path.Combine(_directory, "qr.png");

        var (exitCode, output) = await RunAsync(["payments", "cash-in", "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey,
            "--cpf", "529.982.247-25", "--amount", "5000", "--reference", "pedido-1", "--idempotency-key", "dep-1", "--qr-png", png]);

        Assert.Equal(0, exitCode);
        var sent = Assert.Single(platform.CashIns);
        Assert.Equal("dep-1", sent.IdempotencyKey);
        Assert.Equal("{\"cpf\":\"529.982.247-25\",\"amount\":5000,\"reference\":\"pedido-1\"}", sent.Body);
        Assert.Contains("pending R$ 50,00", output, StringComparison.Ordinal);
        Assert.Contains("00020101021226", output, StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], await File.ReadAllBytesAsync(png));
    }

    [Fact]
    public async Task PaymentsCashOutSendsThePayoutWithItsKeyAndPrintsWhyItFailed()
    {
        await using var platform = await FakePlatform.StartAsync();

        var (exitCode, output) = await RunAsync(["payments", "cash-out", "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey,
            "--cpf", "52998224725", "--amount", "12000", "--reference", "saque-9", "--idempotency-key", "out-9"]);

        Assert.Equal(0, exitCode);
        var sent = Assert.Single(platform.CashOuts);
        Assert.Equal(("out-9", "{\"cpf\":\"52998224725\",\"amount\":12000,\"reference\":\"saque-9\"}"), (sent.IdempotencyKey, sent.Body));
        Assert.Contains("failed R$ 120,00", output, StringComparison.Ordinal);
        Assert.Contains("to ***.982.247-**", output, StringComparison.Ordinal);
        Assert.Contains("failed: insufficient_funds (nothing was sent)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PayoutAccountSetPrintsTheCheckedKeyOrTheRefusal()
    {
        await using var platform = await FakePlatform.StartAsync();
        string[] common = ["payments", "payout-account", "set", "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey, "--cpf", "52998224725"];

        var (ownExit, own) = await RunAsync([.. common, "--pix-key", "52998224725"]);
        var (otherExit, other) = await RunAsync([.. common, "--pix-key", "alguem@example.com"]);

        Assert.Equal(0, ownExit);
        Assert.Contains("pays out to CPF ***.982.247-** (Jogador, bank 99999010)", own, StringComparison.Ordinal);
        Assert.Equal(1, otherExit);
        Assert.Contains("payout_key_not_players", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PaymentsCashInRefusedPrintsTheReasonsAndExitsOne()
    {
        await using var platform = await FakePlatform.StartAsync();
        platform.CashInRefusal = new Refusal(422, "deposit_limit_exceeded");

        var (exitCode, output) = await RunAsync(["payments", "cash-in", "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey,
            "--cpf", "529.982.247-25", "--amount", "5000", "--reference", "pedido-1"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("422 Unprocessable Entity", output, StringComparison.Ordinal);
        Assert.Contains("deposit_limit_exceeded", output, StringComparison.Ordinal);
        var key = Assert.Single(platform.CashIns).IdempotencyKey;
        Assert.Contains($"idempotency key {key} (repeat it to retry this deposit)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingApiKeyIsAClearError()
    {
        await using var platform = await FakePlatform.StartAsync();
        var environment = new Dictionary<string, string?> { ["LOTTOPAR_URL"] = platform.BaseAddress.ToString() };

        var (exitCode, output) = await RunAsync(["events", "send", "--generate"], environment);

        Assert.Equal(1, exitCode);
        Assert.Contains("no API key. Pass --api-key or set LOTTOPAR_API_KEY.", output, StringComparison.Ordinal);
        Assert.Equal(0, platform.Requests);
    }

    [Fact]
    public async Task FileAndGenerateTogetherAreAUsageError()
    {
        var (exitCode, output) = await RunAsync(["events", "send", "--api-key", "k", "--generate", "--file", WriteFile("x.json", "{}")]);

        Assert.Equal(1, exitCode);
        Assert.Contains("Give either --file or --generate.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachablePlatformIsReportedAndExitsOne()
    {
        var (exitCode, output) = await RunAsync(["events", "send", "--url", "http://127.0.0.1:9", "--api-key", "k", "--generate"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("could not reach http://127.0.0.1:9/", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALoadRunEndsWithASummaryTable()
    {
        await using var platform = await FakePlatform.StartAsync((number, _) => number % 10 == 0 ? new Refusal(429, "rate_limited", RetryAfterSeconds: 1) : null);

        var (exitCode, output) = await RunAsync(
            ["load", "betting-events", "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey, "--rate", "50", "--duration", "1", "--players", "5", "--seed", "3"]);

        Assert.Equal(1, exitCode); // some events were refused
        Assert.Empty(platform.Violations);
        foreach (var row in new[] { "Load summary", "Sent", "Accepted", "HTTP 201", "HTTP 429", "code rate_limited", "Throughput", "Latency p50", "Latency p95", "Latency p99", "Latency max" })
        {
            Assert.Contains(row, output, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(FullCpf(), output);
    }

    [Fact]
    public async Task AClosedLoopRunWithEverythingAcceptedExitsZero()
    {
        await using var platform = await FakePlatform.StartAsync();

        var (exitCode, output) = await RunAsync(
            ["load", "betting-events", "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey, "--closed-loop", "--workers", "4", "--count", "40", "--players", "8"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(40, platform.Requests);
        Assert.Contains("Closed loop with 4 workers for 40 events", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBuiltProgramSendsAFile()
    {
        await using var platform = await FakePlatform.StartAsync();
        var file = WriteFile("simple.json", DocumentExamples.SimpleNewBet);
        var program = Path.Combine(AppContext.BaseDirectory, "lottopar.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { program, "events", "send", "--url", platform.BaseAddress.ToString(), "--api-key", platform.ApiKey, "--file", file })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("LOTTOPAR_URL");
        start.Environment.Remove("LOTTOPAR_API_KEY");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {await stderr}");
        Assert.Contains("201 Created simple.json", await stdout, StringComparison.Ordinal);
        Assert.Single(platform.Received);
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string[] args, Dictionary<string, string?>? environment = null) =>
        CliHarness.RunAsync(args, environment);

    [GeneratedRegex(@"\d{3}\.\d{3}\.\d{3}-\d{2}")]
    private static partial Regex FullCpf();
}
