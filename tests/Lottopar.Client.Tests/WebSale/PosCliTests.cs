using Xunit;

namespace Lottopar.Client.Tests.WebSale;

/// <summary><c>lottopar pos ...</c> and <c>lottopar load pos</c> against a fake webSale server.</summary>
public sealed class PosCliTests
{
    private const string Ticket = "20261122042000280000000015";
    private const string Frame = "01|01|320|0.1;01|02|32|0.2;";

    private static string[] Sell(FakeWebSale server, params string[] overrides)
    {
        var args = new Dictionary<string, string>
        {
            ["--url"] = server.BaseAddress.ToString(),
            ["--provider"] = "42",
            ["--pos"] = "28",
            ["--serial"] = "Z000000000",
            ["--invoice"] = "00000004",
            ["--frame"] = Frame,
        };
        for (var i = 0; i < overrides.Length; i += 2)
        {
            args[overrides[i]] = overrides[i + 1];
        }

        return ["pos", "sell", .. args.SelectMany(p => new[] { p.Key, p.Value })];
    }

    [Fact]
    public async Task ASalePrintsTheTicketAndExitsZero()
    {
        await using var server = await FakeWebSale.AnsweringAsync(Ticket);

        var (exitCode, output) = await CliHarness.RunAsync(Sell(server));

        Assert.Equal(0, exitCode);
        Assert.Contains($"ticket {Ticket}", output, StringComparison.Ordinal);
        var call = Assert.Single(server.Calls);
        Assert.Equal(("POST", Frame, "00000004", "Z000000000"), (call.Method, call["data"], call["numfact"], call["serialifa"]));
    }

    [Fact]
    public async Task APartialSalePrintsWhatEachRecordSoldAndExitsTwo()
    {
        await using var server = await FakeWebSale.AnsweringAsync($"{Ticket};01|01|0.1;01|02|0;");

        var (exitCode, output) = await CliHarness.RunAsync(Sell(server));

        Assert.Equal(2, exitCode);
        Assert.Contains($"partial ticket {Ticket}", output, StringComparison.Ordinal);
        Assert.Contains("draw 01 01 Triple: sold 0.1", output, StringComparison.Ordinal);
        Assert.Contains("draw 01 02 Terminal: sold nothing (sold out)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedSalePrintsItsCodeAndMeaningAndExitsOne()
    {
        await using var server = await FakeWebSale.AnsweringAsync("12");

        var (exitCode, output) = await CliHarness.RunAsync(Sell(server));

        Assert.Equal(1, exitCode);
        Assert.Contains("code 12: The printer serial does not match the one registered for the POS.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACancellationExitsZeroOnlyWhenDone()
    {
        await using var server = await FakeWebSale.StartAsync(call => WebSaleReply.Ok(call["data"] == Ticket ? "0" : "5"));
        var url = server.BaseAddress.ToString();

        var (done, doneOutput) = await CliHarness.RunAsync(["pos", "cancel", "--url", url, "--provider", "42", "--pos", "1", "--ticket", Ticket]);
        var (unknown, unknownOutput) = await CliHarness.RunAsync(["pos", "cancel", "--url", url, "--provider", "42", "--pos", "1", "--ticket", "123"]);

        Assert.Equal((0, 1), (done, unknown));
        Assert.Contains("code 0: The ticket was cancelled.", doneOutput, StringComparison.Ordinal);
        Assert.Contains("code 5: The ticket does not exist.", unknownOutput, StringComparison.Ordinal);
        Assert.All(server.Calls, call => Assert.Equal("1", call["operation"]));
    }

    [Theory]
    [InlineData("2026-11-22")]
    [InlineData("20261122")]
    public async Task PayTakesTheDateEitherWayAndSendsItAsTheDocumentWritesIt(string date)
    {
        await using var server = await FakeWebSale.AnsweringAsync("2");

        var (exitCode, output) = await CliHarness.RunAsync(
            ["pos", "pay", "--url", server.BaseAddress.ToString(), "--provider", "42", "--pos", "1", "--ticket", Ticket, "--date", date]);

        Assert.Equal(1, exitCode);
        Assert.Contains("code 2: The ticket has already been paid.", output, StringComparison.Ordinal);
        var call = Assert.Single(server.Calls);
        Assert.Equal(("2", "20261122"), (call["operation"], call["date"]));
    }

    [Fact]
    public async Task CheckSendsOperationThree()
    {
        await using var server = await FakeWebSale.AnsweringAsync("0");

        var (exitCode, output) = await CliHarness.RunAsync(["pos", "check", "--url", server.BaseAddress.ToString(), "--provider", "42", "--pos", "1", "--ticket", Ticket]);

        Assert.Equal(0, exitCode);
        Assert.Contains("code 0: Any later tickets were cancelled", output, StringComparison.Ordinal);
        Assert.Equal("3", Assert.Single(server.Calls)["operation"]);
    }

    [Fact]
    public async Task ResultsArePrintedWithTheSignsName()
    {
        await using var server = await FakeWebSale.AnsweringAsync("01:482;02:861;13:02987;");
        var environment = new Dictionary<string, string?> { ["LOTTOPAR_URL"] = server.BaseAddress.ToString() };

        var (exitCode, output) = await CliHarness.RunAsync(["pos", "results", "--provider", "6", "--date", "2010-11-30", "--turn", "1"], environment);

        Assert.Equal(0, exitCode);
        Assert.Contains("draw 01: 482 (482)", output, StringComparison.Ordinal);
        Assert.Contains("draw 13: 02987 (TAURO 987)", output, StringComparison.Ordinal);
        Assert.Equal(("4", "20101130", "1", "6"), (Assert.Single(server.Calls)["operation"], server.Calls.Single()["date"], server.Calls.Single()["turn"], server.Calls.Single()["providercod"]));
    }

    [Fact]
    public async Task NoResultsYetExitsOne()
    {
        await using var server = await FakeWebSale.AnsweringAsync("1");

        var (exitCode, output) = await CliHarness.RunAsync(["pos", "results", "--url", server.BaseAddress.ToString(), "--provider", "6", "--date", "20101130", "--turn", "3"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("code 1: There are no results yet for that date and turn.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOperationTheServerDoesNotOfferYetShowsItsStatusAndBody()
    {
        await using var server = await FakeWebSale.StartAsync(_ => new WebSaleReply(501, "Operation 4 is not available on this platform yet."));

        var (exitCode, output) = await CliHarness.RunAsync(["pos", "results", "--url", server.BaseAddress.ToString(), "--provider", "6", "--date", "20101130", "--turn", "1"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("HTTP 501", output, StringComparison.Ordinal);
        Assert.Contains("'Operation 4 is not available on this platform yet.'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyOfNoFormOfTheDocumentIsShownAndExitsOne()
    {
        await using var server = await FakeWebSale.AnsweringAsync("<html>maintenance</html>");

        var (exitCode, output) = await CliHarness.RunAsync(Sell(server));

        Assert.Equal(1, exitCode);
        Assert.Contains("Unexpected answer to webSale operation 0 (Sale): '<html>maintenance</html>'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableServerIsReportedAndExitsOne()
    {
        var (exitCode, output) = await CliHarness.RunAsync(["pos", "check", "--url", "http://127.0.0.1:9", "--provider", "42", "--pos", "1", "--ticket", Ticket]);

        Assert.Equal(1, exitCode);
        Assert.Contains("could not reach http://127.0.0.1:9/", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--provider", "1000", "--provider must run from 1 to 999, not '1000'.")]
    [InlineData("--provider", "0", "--provider must run from 1 to 999, not '0'.")]
    [InlineData("--pos", "100000", "--pos must run from 1 to 99999, not '100000'.")]
    [InlineData("--serial", "Z00000000", "--serial must be 10 letters or digits, not 'Z00000000'.")]
    [InlineData("--serial", "Z00000000-", "--serial must be 10 letters or digits, not 'Z00000000-'.")]
    [InlineData("--invoice", "4", "--invoice must be 8 digits, not '4'.")]
    [InlineData("--invoice", "0000000A", "--invoice must be 8 digits, not '0000000A'.")]
    [InlineData("--url", "ftp://host", "--url must be an http or https URL, not 'ftp://host'.")]
    public async Task SaleArgumentsOutsideTheDocumentsShapesAreUsageErrors(string option, string value, string message)
    {
        await using var server = await FakeWebSale.AnsweringAsync(Ticket);

        var (exitCode, output) = await CliHarness.RunAsync(Sell(server, option, value));

        Assert.Equal(1, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.Empty(server.Calls);
    }

    [Theory]
    [InlineData(new[] { "pos", "pay", "--provider", "42", "--pos", "1", "--ticket", Ticket, "--date", "2026-02-30" }, "--date must be a date as 2026-11-22 or 20261122, not '2026-02-30'.")]
    [InlineData(new[] { "pos", "pay", "--provider", "42", "--pos", "1", "--ticket", Ticket, "--date", "22/11/2026" }, "--date must be a date as 2026-11-22 or 20261122, not '22/11/2026'.")]
    [InlineData(new[] { "pos", "pay", "--provider", "42", "--pos", "1", "--ticket", Ticket }, "Option '--date' is required.")]
    [InlineData(new[] { "pos", "results", "--provider", "42", "--date", "20261122", "--turn", "4" }, "--turn must be 1, 2 or 3, not '4'.")]
    [InlineData(new[] { "pos", "cancel", "--provider", "42", "--ticket", Ticket }, "Option '--pos' is required.")]
    [InlineData(new[] { "pos", "cancel", "--provider", "42", "--pos", "1", "--ticket", " " }, "--ticket must not be empty, not ' '.")]
    [InlineData(new[] { "pos", "sell", "--provider", "42", "--pos", "28", "--serial", "Z000000000", "--invoice", "00000004" }, "Option '--frame' is required.")]
    public async Task OtherArgumentsOutsideTheirShapesAreUsageErrors(string[] args, string message)
    {
        await using var server = await FakeWebSale.AnsweringAsync("0");

        var (exitCode, output) = await CliHarness.RunAsync([.. args, "--url", server.BaseAddress.ToString()]);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.Empty(server.Calls);
    }

    [Fact]
    public async Task ALoadRunSellsFromTheNamedTerminalsAndSummarisesEveryOutcome()
    {
        var number = 0;
        await using var server = await FakeWebSale.StartAsync(_ => WebSaleReply.Ok(Interlocked.Increment(ref number) % 4 == 0 ? "7" : Ticket));

        var (exitCode, output) = await CliHarness.RunAsync(
            ["load", "pos", "--url", server.BaseAddress.ToString(), "--provider", "42", "--terminals", "3", "--first-pos", "1000", "--serial-prefix", "ZLOAD",
             "--draws", "01", "13", "--closed-loop", "--workers", "3", "--count", "40", "--amount", "1.5"]);

        Assert.Equal(1, exitCode); // some sales were refused
        Assert.Equal(40, server.Calls.Count);
        Assert.Equal(["1000/ZLOAD00000", "1001/ZLOAD00001", "1002/ZLOAD00002"], server.Calls.Select(c => $"{c["poscod"]}/{c["serialifa"]}").Distinct().Order());
        Assert.All(server.Calls, call => Assert.Matches(@"^(01\|0[12]\|\d+|13\|0[34]\|\d+)\|1\.5;$", call["data"]));
        foreach (var row in new[] { "POS load summary", "Closed loop with 3 workers for 40 sales", "Tickets", "code 7: The draw is closed.", "Throughput", "Latency p50", "Latency p95", "Latency p99" })
        {
            Assert.Contains(row, output, StringComparison.Ordinal);
        }

        Assert.Matches(@"Tickets\s*│\s*30 │", output);
    }

    [Fact]
    public async Task ALoadRunWhereEverySaleGetsATicketExitsZero()
    {
        await using var server = await FakeWebSale.AnsweringAsync(Ticket);
        var environment = new Dictionary<string, string?> { ["LOTTOPAR_URL"] = server.BaseAddress.ToString() };

        var (exitCode, output) = await CliHarness.RunAsync(["load", "pos", "--provider", "42", "--draws", "05", "--rate", "50", "--count", "10"], environment);

        Assert.Equal(0, exitCode);
        Assert.Equal(10, server.Calls.Count);
        Assert.Contains("Open loop at 50 sales/s (at most 256 in flight) for 10 sales, 8 terminals (POS 1000-1007)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--draws", "07" }, "--draws: '07' is not a draw of the document's table (01 02 03 04 05 06 13 14 15).")]
    [InlineData(new[] { "--draws", "01", "--amount", "0" }, "--amount must be above 0 with '.' and at most 2 decimals (0.1, 1.50), not '0'.")]
    [InlineData(new[] { "--draws", "01", "--amount", "0,1" }, "--amount must be above 0 with '.' and at most 2 decimals (0.1, 1.50), not '0,1'.")]
    [InlineData(new[] { "--draws", "01", "--serial-prefix", "ZLOADZLOAD" }, "Serial prefix 'ZLOADZLOAD' leaves no room for terminal 7 in 10 characters.")]
    [InlineData(new[] { "--draws", "01", "--first-pos", "99999" }, "POS codes 99999 to 100006 are outside 1 to 99999.")]
    [InlineData(new[] { "--draws", "01", "--terminals", "0" }, "There must be at least one terminal.")]
    [InlineData(new[] { "--count", "1" }, "Option '--draws' is required.")]
    public async Task LoadSettingsThatCannotWorkAreRefusedBeforeAnySale(string[] extra, string message)
    {
        await using var server = await FakeWebSale.AnsweringAsync(Ticket);

        var (exitCode, output) = await CliHarness.RunAsync(
            ["load", "pos", "--url", server.BaseAddress.ToString(), "--provider", "42", "--rate", "10", "--duration", "1", .. extra]);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.Empty(server.Calls);
    }

    [Fact]
    public async Task ALoadWithoutARateOrAnEndIsAUsageError()
    {
        var (exitCode, output) = await CliHarness.RunAsync(["load", "pos", "--provider", "42", "--draws", "01"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("Give --rate (sales per second), or --closed-loop with --workers.", output, StringComparison.Ordinal);
        Assert.Contains("Give --duration (seconds), --count, or both.", output, StringComparison.Ordinal);
    }
}
