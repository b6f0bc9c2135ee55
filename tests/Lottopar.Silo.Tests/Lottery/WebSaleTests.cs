using System.Globalization;
using System.Net.Http.Json;
using Lottopar.Grains.Lottery;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>
/// The webSale protocol, operations 0 (sale) and 1 (cancellation): each response code under the
/// condition the document gives, with its exact bytes (operations 2-4: WebSaleResultsTests).
/// </summary>
public sealed class WebSaleTests(WebSaleFixture fixture) : IClassFixture<WebSaleFixture>
{
    private static int s_number = 100;
    private readonly WebSaleClient _pos = new(fixture.Silo.CreateClient());

    /// <summary>A triple no other test of this class plays.</summary>
    private static string NewTriple() => Interlocked.Increment(ref s_number).ToString("D3", CultureInfo.InvariantCulture);

    private static void AssertTicket(string body, TestProvider provider, int posCode = 28)
    {
        Assert.True(TicketNumber.TryParse(body, out var parts), $"Not a ticket number: '{body}'");
        Assert.Equal((provider.Code, posCode), (parts.ProviderCode, parts.PosCode));
    }

    [Fact]
    public async Task DocumentExampleFrameSellsATicketThatIsStored()
    {
        var provider = await fixture.NewProviderAsync();
        var triple = NewTriple();

        var body = await _pos.SellAsync(provider, $"01|01|{triple}|0.1;01|02|{triple[1..]}|0.2;");

        AssertTicket(body, provider);
        Assert.Equal(30L, await fixture.Silo.Database.ScalarAsync<long>(
            $"select total_cents from lottery_tickets where ticket_number = '{body}' and status = 'sold' and jsonb_array_length(lines) = 2"));
    }

    [Fact]
    public async Task SaleByGetIsRefusedWithCodeZero()
    {
        var provider = await fixture.NewProviderAsync();

        Assert.Equal("0", await _pos.SellAsync(provider, $"01|01|{NewTriple()}|1;", method: HttpMethod.Get));
    }

    [Theory]
    [InlineData("")]
    [InlineData("01|01|320")]
    [InlineData("01|01|32|1;")]
    [InlineData("99|01|320|1;")]
    [InlineData("01|03|02320|1;")]
    [InlineData("01|01|320|0;")]
    [InlineData("01|01|320|1,5;")]
    [InlineData("01|01|320|1;03|01|320|1;")]
    public async Task MalformedFrameOrMixedTurnsGetCodeZeroAndSellNothing(string frame)
    {
        var provider = await fixture.NewProviderAsync();

        Assert.Equal("0", await _pos.SellAsync(provider, frame));
        Assert.Equal(0L, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from lottery_tickets where provider_code = {provider.Code}"));
    }

    [Fact]
    public async Task UnknownProviderGetsNine()
    {
        var unknown = new TestProvider("OPR-999999", 998, "Z000000000");

        Assert.Equal("9", await _pos.SellAsync(unknown, $"01|01|{NewTriple()}|1;"));
    }

    [Fact]
    public async Task AddressOutsideTheAllowListGetsElevenEvenWithASpoofedForwardedFor()
    {
        var provider = await fixture.NewProviderAsync();
        var frame = $"01|01|{NewTriple()}|1;";

        Assert.Equal("11", await _pos.SellAsync(provider, frame, peer: "198.51.100.99"));
        Assert.Equal("11", await _pos.SellAsync(provider, frame, peer: "198.51.100.99", forwardedFor: WebSaleFixture.ClientIp));
        AssertTicket(await _pos.SellAsync(provider, frame, peer: WebSaleFixture.ProxyIp, forwardedFor: $"192.0.2.1, {WebSaleFixture.ClientIp}"), provider);
        Assert.Equal("11", await _pos.SellAsync(provider, frame, peer: WebSaleFixture.ProxyIp, forwardedFor: $"{WebSaleFixture.ClientIp}, 192.0.2.1"));
    }

    [Fact]
    public async Task DisabledProviderGetsEight()
    {
        var provider = await fixture.NewProviderAsync();
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{provider.Oprid}/lottery-provider",
            new { providerCode = provider.Code.ToString(CultureInfo.InvariantCulture), allowedIps = new[] { WebSaleFixture.ClientIp }, enabled = false }), 200);

        Assert.Equal("8", await _pos.SellAsync(provider, $"01|01|{NewTriple()}|1;"));
    }

    [Fact]
    public async Task InactiveOrUnknownPosGetsTen()
    {
        var provider = await fixture.NewProviderAsync();
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{provider.Oprid}/pos/28", new { active = false }), 200);

        Assert.Equal("10", await _pos.SellAsync(provider, $"01|01|{NewTriple()}|1;"));
        Assert.Equal("10", await _pos.SellAsync(provider, $"01|01|{NewTriple()}|1;", posCode: 77));
    }

    [Fact]
    public async Task PrinterSerialOfAnotherPosGetsTwelve()
    {
        var provider = await fixture.NewProviderAsync();

        Assert.Equal("12", await _pos.SellAsync(provider, $"01|01|{NewTriple()}|1;", serial: "Z999999999"));
    }

    [Fact]
    public async Task BadOrReusedInvoiceNumberGetsThirteen()
    {
        var provider = await fixture.NewProviderAsync();

        Assert.Equal("13", await _pos.SellAsync(provider, $"01|01|{NewTriple()}|1;", invoice: "1234567"));
        Assert.Equal("13", await _pos.SellAsync(provider, $"01|01|{NewTriple()}|1;", invoice: "1234567A"));
        AssertTicket(await _pos.SellAsync(provider, $"01|01|{NewTriple()}|1;", invoice: "00000042"), provider);
        Assert.Equal("13", await _pos.SellAsync(provider, $"01|02|{NewTriple()[1..]}|1;", invoice: "00000042"));
    }

    [Fact]
    public async Task OneInvoiceSentInParallelSellsOneTicket()
    {
        var provider = await fixture.NewProviderAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _pos.SellAsync(provider, $"01|01|{NewTriple()}|1;", invoice: "00000900")));

        Assert.Single(answers, a => a != "13");
        Assert.Equal(1L, await fixture.Silo.Database.ScalarAsync<long>(
            $"select count(*) from lottery_tickets where provider_code = {provider.Code} and invoice_number = '00000900'"));
    }

    [Fact]
    public async Task CancellationWithinFiveMinutesReturnsTheQuotaAndIsFinal()
    {
        var provider = await fixture.NewProviderAsync();
        var triple = NewTriple();
        var ticket = await _pos.SellAsync(provider, $"02|01|{triple}|100;");
        Assert.Equal("6", await _pos.SellAsync(provider, $"02|01|{triple}|1;"));

        Assert.Equal("0", await _pos.CancelAsync(provider, ticket));

        Assert.Equal("4", await _pos.CancelAsync(provider, ticket));
        AssertTicket(await _pos.SellAsync(provider, $"02|01|{triple}|100;"), provider);
        Assert.Equal("cancelled", await fixture.Silo.Database.ScalarAsync<string>($"select status from lottery_tickets where ticket_number = '{ticket}'"));
    }

    [Fact]
    public async Task CancellationAnswersTheDocumentsCodes()
    {
        var provider = await fixture.NewProviderAsync();
        var other = await fixture.NewProviderAsync();
        var withoutAdministrativePos = await fixture.NewProviderAsync(administrativePos: false);
        var ticket = await _pos.SellAsync(provider, $"01|01|{NewTriple()}|1;");

        Assert.Equal("1", await _pos.CancelAsync(provider, "123"));
        Assert.Equal("1", await _pos.CancelAsync(provider, ticket[..25] + (char)('0' + ((ticket[25] - '0' + 1) % 10))));
        Assert.Equal("5", await _pos.CancelAsync(provider, TicketNumber.Compose(new DateOnly(2026, 1, 2), provider.Code, 28, 999_999_998)));
        Assert.Equal("5", await _pos.CancelAsync(other, ticket));
        Assert.Equal("10", await _pos.CancelAsync(withoutAdministrativePos, ticket));
        Assert.Equal("0", await _pos.CancelAsync(provider, ticket));
    }

    [Fact]
    public async Task ProviderCodeMovedToAnotherOperatorSellsForTheNewHolderAtOnce()
    {
        var first = await fixture.NewProviderAsync();
        var second = await fixture.NewProviderAsync();
        AssertTicket(await _pos.SellAsync(first, $"01|01|{NewTriple()}|1;"), first);
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{first.Oprid}/lottery-provider",
            new { providerCode = "999", allowedIps = new[] { WebSaleFixture.ClientIp }, enabled = true }), 200);
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{second.Oprid}/lottery-provider",
            new { providerCode = first.Code.ToString(CultureInfo.InvariantCulture), allowedIps = new[] { WebSaleFixture.ClientIp }, enabled = true }), 200);
        var secondUnderTheOldCode = second with { Code = first.Code };

        var body = await _pos.SellAsync(secondUnderTheOldCode, $"01|01|{NewTriple()}|1;", invoice: "00000077");

        AssertTicket(body, secondUnderTheOldCode);
        Assert.Equal(second.Oprid, await fixture.Silo.Database.ScalarAsync<string>($"select oprid from lottery_tickets where ticket_number = '{body}'"));
    }

    [Fact]
    public async Task EveryOperationChecksTheProviderAndTheCallersAddress()
    {
        var provider = await fixture.NewProviderAsync();
        var disabled = await fixture.NewProviderAsync();
        var ticket = await _pos.SellAsync(provider, $"01|01|{NewTriple()}|1;");
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{disabled.Oprid}/lottery-provider",
            new { providerCode = disabled.Code.ToString(CultureInfo.InvariantCulture), allowedIps = new[] { WebSaleFixture.ClientIp }, enabled = false }), 200);
        var unknown = new TestProvider("OPR-999999", 996, "Z000000000");
        var today = ticket[..8];
        var stranger = "198.51.100.99";

        async Task<string[]> AskAllAsync(TestProvider p, string peer = WebSaleFixture.ClientIp)
        {
            var pos = new WebSaleClient(fixture.Silo.CreateClient());
            string Code(int operation) => operation.ToString(CultureInfo.InvariantCulture);
            var answers = new List<string>();
            foreach (var (operation, extra) in new[]
            {
                (1, new Dictionary<string, string> { ["data"] = ticket, ["poscod"] = "1" }),
                (2, new Dictionary<string, string> { ["data"] = ticket, ["poscod"] = "1", ["date"] = today }),
                (3, new Dictionary<string, string> { ["data"] = ticket, ["poscod"] = "1" }),
                (4, new Dictionary<string, string> { ["date"] = today, ["turn"] = "1" }),
            })
            {
                extra["operation"] = Code(operation);
                extra["providercod"] = p.Code.ToString(CultureInfo.InvariantCulture);
                answers.Add((await pos.CallAsync(HttpMethod.Get, extra, peer)).Body);
            }

            return [.. answers];
        }

        Assert.Equal(["9", "9", "1", "9"], await AskAllAsync(unknown));
        Assert.Equal(["11", "11", "11", "11"], await AskAllAsync(provider, stranger));
        Assert.Equal(["8", "8", "1", "8"], await AskAllAsync(disabled));
    }

    [Fact]
    public async Task UnknownOperationGetsCodeZero()
    {
        var (status, body) = await _pos.CallAsync(HttpMethod.Get, new Dictionary<string, string> { ["operation"] = "9", ["providercod"] = "6" });

        Assert.Equal((200, "0"), (status, body));
    }

    [Fact]
    public async Task RandomFramesNeverFailTheServerNorLeaveATicket()
    {
        var provider = await fixture.NewProviderAsync();
        var random = new Random(20261122);
        const string alphabet = "0123456789|;.,-x ";
        for (var i = 0; i < 60; i++)
        {
            var frame = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

            var body = await _pos.SellAsync(provider, frame);

            Assert.True(body == "0" || TicketNumber.TryParse(body.Split(';')[0], out _), $"Frame '{frame}' gave '{body}'");
        }

        Assert.Equal(0L, await fixture.Silo.Database.ScalarAsync<long>(
            $"select count(*) from lottery_tickets where provider_code = {provider.Code} and (total_cents <= 0 or jsonb_array_length(lines) = 0)"));
    }
}
