using System.Net;
using Lottopar.Client.WebSale;
using Xunit;

namespace Lottopar.Client.Tests.WebSale;

/// <summary>What the POS client puts on the wire for each operation, and how it treats what comes back.</summary>
public sealed class PosClientTests
{
    private const string Ticket = "20261122042000280000000015";
    private static readonly PosIdentity Pos = new(42, 28, "Z000000000");

    [Fact]
    public async Task ASaleIsAFormPostWithTheDocumentsParameters()
    {
        await using var server = await FakeWebSale.AnsweringAsync(Ticket);
        using var http = server.CreateHttpClient();

        var answer = await new PosClient(http).SellAsync(Pos, "01|01|320|0.1;01|02|32|0.2;", "00000004");

        Assert.Equal(Ticket, Assert.IsType<TicketSold>(answer).TicketNumber);
        var call = Assert.Single(server.Calls);
        Assert.Equal(("POST", "/webSale.jsp"), (call.Method, call.Path));
        Assert.StartsWith("application/x-www-form-urlencoded", call.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["operation"] = "0",
                ["data"] = "01|01|320|0.1;01|02|32|0.2;",
                ["providercod"] = "42",
                ["poscod"] = "28",
                ["serialifa"] = "Z000000000",
                ["numfact"] = "00000004",
            },
            call.Parameters);
    }

    [Fact]
    public async Task CancellationPrizeAndCheckPostTheTicketAndReadTheirOwnCodes()
    {
        await using var server = await FakeWebSale.StartAsync(call => WebSaleReply.Ok(call["operation"] switch
        {
            "1" => "2",
            "2" => "6",
            _ => "4",
        }));
        using var http = server.CreateHttpClient();
        var client = new PosClient(http);

        var cancelled = await client.CancelAsync(42, 1, Ticket);
        var paid = await client.RegisterPrizeAsync(42, 1, Ticket, new DateOnly(2026, 11, 22));
        var checkedTicket = await client.CheckTransactionsAsync(42, 1, Ticket);

        Assert.Equal((WebSaleOperation.Cancellation, 2), (cancelled.Operation, cancelled.Code));
        Assert.Contains("5-minute", cancelled.Meaning, StringComparison.Ordinal);
        Assert.Equal((WebSaleOperation.PrizeRegistration, 6, "Invalid date."), (paid.Operation, paid.Code, paid.Meaning));
        Assert.Equal((WebSaleOperation.TransactionCheck, 4), (checkedTicket.Operation, checkedTicket.Code));
        var calls = server.Calls.ToList();
        Assert.All(calls, call => Assert.Equal("POST", call.Method));
        Assert.Equal(
            new Dictionary<string, string> { ["operation"] = "2", ["data"] = Ticket, ["providercod"] = "42", ["poscod"] = "1", ["date"] = "20261122" },
            calls[1].Parameters);
        Assert.Equal(new Dictionary<string, string> { ["operation"] = "1", ["data"] = Ticket, ["providercod"] = "42", ["poscod"] = "1" }, calls[0].Parameters);
        Assert.Equal("3", calls[2]["operation"]);
    }

    [Fact]
    public async Task ResultsAreAGetWithTheDateAsTheDocumentWritesIt()
    {
        await using var server = await FakeWebSale.AnsweringAsync("01:482;02:861;13:02987;");
        using var http = server.CreateHttpClient();

        var answer = await new PosClient(http).GetResultsAsync(6, new DateOnly(2010, 11, 30), 1);

        Assert.Equal(3, answer.Results.Count);
        var call = Assert.Single(server.Calls);
        Assert.Equal("GET", call.Method);
        Assert.Equal(new Dictionary<string, string> { ["operation"] = "4", ["date"] = "20101130", ["turn"] = "1", ["providercod"] = "6" }, call.Parameters);
    }

    [Fact]
    public async Task AStatusOtherThan200IsATransportErrorThatShowsTheBody()
    {
        await using var server = await FakeWebSale.StartAsync(_ => new WebSaleReply(501, "Operation 2 is not available on this platform yet."));
        using var http = server.CreateHttpClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => new PosClient(http).RegisterPrizeAsync(42, 1, Ticket, new DateOnly(2026, 11, 22)));

        Assert.Equal(HttpStatusCode.NotImplemented, error.StatusCode);
        Assert.Contains("HTTP 501", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Operation 2 is not available on this platform yet.'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A200WithABodyOfNoFormIsUnexpected()
    {
        await using var server = await FakeWebSale.AnsweringAsync("OK\n");
        using var http = server.CreateHttpClient();

        var error = await Assert.ThrowsAsync<UnexpectedAnswerException>(() => new PosClient(http).CancelAsync(42, 1, Ticket));

        Assert.Equal((WebSaleOperation.Cancellation, "OK\n"), (error.Operation, error.Body));
    }

    [Fact]
    public async Task TheHttpClientsDefaultHeadersGoWithEveryRequest()
    {
        await using var server = await FakeWebSale.AnsweringAsync("1");
        using var http = server.CreateHttpClient();
        http.DefaultRequestHeaders.Add("X-Test-Peer", "203.0.113.10");
        var client = new PosClient(http);

        await client.CancelAsync(42, 1, Ticket);
        await client.GetResultsAsync(42, new DateOnly(2026, 11, 22), 3);

        Assert.All(server.Calls, call => Assert.Equal("203.0.113.10", call.Headers["X-Test-Peer"]));
    }

    [Fact]
    public async Task APathInTheBaseAddressIsKept()
    {
        await using var server = await FakeWebSale.AnsweringAsync("7");
        using var http = new HttpClient();

        var answer = await new PosClient(http, new Uri(server.BaseAddress, "gateway")).SellAsync(Pos, "01|01|320|1;", "00000001");

        Assert.Equal(7, Assert.IsType<SaleRefused>(answer).Code);
        Assert.Equal("/gateway/webSale.jsp", Assert.Single(server.Calls).Path);
    }

    [Fact]
    public void AClientNeedsABaseAddress() => Assert.Throws<ArgumentException>(() => new PosClient(new HttpClient()));

    [Theory]
    [InlineData(0, 28, "Z000000000", "00000004")]
    [InlineData(1000, 28, "Z000000000", "00000004")]
    [InlineData(42, 0, "Z000000000", "00000004")]
    [InlineData(42, 100_000, "Z000000000", "00000004")]
    [InlineData(42, 28, "Z00000000", "00000004")]
    [InlineData(42, 28, "Z00000000-", "00000004")]
    [InlineData(42, 28, "Z000000000", "0000004")]
    [InlineData(42, 28, "Z000000000", "0000000A")]
    public async Task ParametersOutsideTheDocumentsShapesAreArgumentErrorsAndSendNothing(int provider, int pos, string serial, string invoice)
    {
        await using var server = await FakeWebSale.AnsweringAsync(Ticket);
        using var http = server.CreateHttpClient();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => new PosClient(http).SellAsync(new PosIdentity(provider, pos, serial), "01|01|320|1;", invoice));

        Assert.Empty(server.Calls);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task AResultsTurnOutsideOneToThreeIsAnArgumentError(int turn)
    {
        await using var server = await FakeWebSale.AnsweringAsync("1");
        using var http = server.CreateHttpClient();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new PosClient(http).GetResultsAsync(42, new DateOnly(2026, 11, 22), turn));
    }
}
