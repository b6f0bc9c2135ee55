using System.Globalization;
using System.Net.Http.Json;
using Lottopar.Client;
using Lottopar.Client.WebSale;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;
// The server's own reading of a ticket number; its namespace also has a SaleFrame.
using TicketNumber = Lottopar.Grains.Lottery.TicketNumber;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>
/// The client library's <see cref="PosClient"/> against the real silo: what the client sends is what the server
/// reads, and what the server answers reads back into the right typed answer.
/// </summary>
public sealed class PosClientTests(WebSaleFixture fixture) : IClassFixture<WebSaleFixture>
{
    private const int SellingPos = 28;
    private const int AdministrativePos = 1;

    private static int s_number = 300;
    private readonly PosClient _pos = new(FromClientAddress(fixture.Silo.CreateClient()));

    /// <summary>The test server has no sockets: every request plays the provider's allowed address through a default header.</summary>
    private static HttpClient FromClientAddress(HttpClient http)
    {
        http.DefaultRequestHeaders.Add(PlatformHost.TestPeerHeader, WebSaleFixture.ClientIp);
        return http;
    }

    /// <summary>A triple no other test of this class plays.</summary>
    private static string NewTriple() => Interlocked.Increment(ref s_number).ToString("D3", CultureInfo.InvariantCulture);

    private static PosIdentity SellingTerminal(TestProvider provider) => new(provider.Code, SellingPos, provider.Serial);

    [Fact]
    public async Task ASaleBuiltByTheClientIsATicketOfThatPosThatTheSiloStored()
    {
        var provider = await fixture.NewProviderAsync();
        var triple = NewTriple();
        var frame = SaleFrame.Build([new SaleLine("01", NumberType.Triple, triple, 10), new SaleLine("01", NumberType.Terminal, triple[1..], 20)]);

        var answer = await _pos.SellAsync(SellingTerminal(provider), frame, provider.NextInvoice());

        var ticket = Assert.IsType<TicketSold>(answer).TicketNumber;
        Assert.True(TicketNumber.TryParse(ticket, out var parts), ticket);
        Assert.Equal((provider.Code, SellingPos), (parts.ProviderCode, parts.PosCode));
        Assert.Equal(30L, await fixture.Silo.Database.ScalarAsync<long>(
            $"select total_cents from lottery_tickets where ticket_number = '{ticket}' and status = 'sold'"));
    }

    [Fact]
    public async Task APartialSaleReadsBackWhatEachRecordSold()
    {
        var provider = await fixture.NewProviderAsync();
        var triple = NewTriple();
        var terminal = NewTriple()[1..];
        // The default quota of a triple is R$ 100: sell all of it first.
        Assert.IsType<TicketSold>(await _pos.SellAsync(SellingTerminal(provider), $"02|01|{triple}|100;", provider.NextInvoice()));

        var answer = await _pos.SellAsync(SellingTerminal(provider), $"02|01|{triple}|0.1;02|02|{terminal}|0.2;", provider.NextInvoice());

        var partial = Assert.IsType<TicketPartiallySold>(answer);
        Assert.True(TicketNumber.TryParse(partial.TicketNumber, out _), partial.TicketNumber);
        Assert.Equal([new SoldRecord("02", NumberType.Triple, 0), new SoldRecord("02", NumberType.Terminal, 20)], partial.Records);
    }

    [Fact]
    public async Task AnotherPrintersSerialIsRefusedWithTwelveAndItsMeaning()
    {
        var provider = await fixture.NewProviderAsync();

        var answer = await _pos.SellAsync(SellingTerminal(provider) with { PrinterSerial = "Z999999999" }, $"01|01|{NewTriple()}|1;", provider.NextInvoice());

        var refused = Assert.IsType<SaleRefused>(answer);
        Assert.Equal(12, refused.Code);
        Assert.Equal("The printer serial does not match the one registered for the POS.", refused.Meaning);
    }

    [Fact]
    public async Task ACancellationIsDoneOnceAndThenAnsweredAsAlreadyCancelled()
    {
        var provider = await fixture.NewProviderAsync();
        var sold = await _pos.SellAsync(SellingTerminal(provider), $"03|01|{NewTriple()}|1;", provider.NextInvoice());
        var ticket = Assert.IsType<TicketSold>(sold).TicketNumber;

        var cancelled = await _pos.CancelAsync(provider.Code, AdministrativePos, ticket);
        var again = await _pos.CancelAsync(provider.Code, AdministrativePos, ticket);

        Assert.True(cancelled.IsSuccess, cancelled.Meaning);
        Assert.Equal((WebSaleOperation.Cancellation, 4), (again.Operation, again.Code));
        Assert.Equal("cancelled", await fixture.Silo.Database.ScalarAsync<string>($"select status from lottery_tickets where ticket_number = '{ticket}'"));
    }

    [Fact]
    public async Task WithoutTheProvidersAddressTheSaleIsRefusedWithEleven()
    {
        var provider = await fixture.NewProviderAsync();
        var elsewhere = new PosClient(fixture.Silo.CreateClient());

        var answer = await elsewhere.SellAsync(SellingTerminal(provider), $"01|01|{NewTriple()}|1;", provider.NextInvoice());

        Assert.Equal(11, Assert.IsType<SaleRefused>(answer).Code);
    }

    [Fact]
    public async Task ALoadRunFromRegisteredTerminalsGetsATicketForEverySale()
    {
        var provider = await fixture.NewProviderAsync();
        // Printer serials are unique across providers, so each run of this test needs its own prefix.
        var prefix = "L" + Guid.NewGuid().ToString("N")[..4].ToUpperInvariant();
        var terminals = LoadTerminals.Create(provider.Code, 4, 1000, prefix);
        foreach (var terminal in terminals)
        {
            await Expect.StatusAsync(await fixture.Admin.PostAsJsonAsync($"/admin/operators/{provider.Oprid}/pos",
                new { posCode = terminal.PosCode.ToString(CultureInfo.InvariantCulture), printerSerial = terminal.PrinterSerial }), 200);
        }

        var report = await new PosLoadRunner(terminals, new PosSaleGenerator(["05", "15"]), _pos, seed: 7)
            .RunAsync(LoadPlan.ClosedLoop(workers: 4, maxEvents: 40));

        Assert.Equal((40L, 40L), (report.Sent, report.Tickets));
        Assert.Empty(report.ByRefusalCode);
        Assert.Equal(40L, await fixture.Silo.Database.ScalarAsync<long>(
            $"select count(*) from lottery_tickets where provider_code = {provider.Code} and pos_code between 1000 and 1003 and total_cents = 10"));
    }
}
