using System.Globalization;
using System.Net.Http.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>
/// The webSale desk grain on its own, called as the edge calls it: each rule's refusal, in the
/// document's order. Each test starts from a request that breaks every rule and mends one at a
/// time, so a refusal checked too early or too late shows as the wrong verdict at its step.
/// </summary>
public sealed class WebSaleDeskTests(WebSaleFixture fixture) : IClassFixture<WebSaleFixture>
{
    private static int s_number = 500;

    private IWebSaleDeskGrain Desk => fixture.Silo.Grains.Keyed<IWebSaleDeskGrain>(WebSaleDeskGrain.Key);

    private static string NewTriple() => Interlocked.Increment(ref s_number).ToString("D3", CultureInfo.InvariantCulture);

    private static string Code(TestProvider provider) => provider.Code.ToString(CultureInfo.InvariantCulture);

    private string TodayCompact => LotteryCalendar.SaleDate(fixture.Silo.Clock.GetUtcNow()).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static WebSaleRequest Request(TestProvider provider, string? data = null, string? pos = "1", string? date = null, string? turn = null) =>
        new(Code(provider), pos, null, null, data, date, turn, WebSaleFixture.ClientIp);

    private async Task SetEnabledAsync(TestProvider provider, bool enabled) =>
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{provider.Oprid}/lottery-provider",
            new { providerCode = Code(provider), allowedIps = new[] { WebSaleFixture.ClientIp }, enabled }), 200);

    private async Task<string> SellAsync(TestProvider provider, string frame) =>
        (await Desk.SellAsync(new WebSaleRequest(Code(provider), "28", provider.Serial, provider.NextInvoice(), frame, null, null, WebSaleFixture.ClientIp))).TicketNumber!;

    [Fact]
    public async Task SaleRefusesProviderAddressEnabledPosSerialInvoiceAndFrameInThatOrder()
    {
        var provider = await fixture.NewProviderAsync();
        await SetEnabledAsync(provider, false);
        var request = new WebSaleRequest("0998", "99", "WRONG", "12", "x", null, null, "198.51.100.7");
        var seen = new List<WebSaleVerdict> { (await Desk.SellAsync(request)).Verdict };

        request = request with { ProviderCode = Code(provider) };
        seen.Add((await Desk.SellAsync(request)).Verdict);
        request = request with { ClientAddress = WebSaleFixture.ClientIp };
        seen.Add((await Desk.SellAsync(request)).Verdict);
        await SetEnabledAsync(provider, true);
        seen.Add((await Desk.SellAsync(request)).Verdict);
        request = request with { PosCode = "28" };
        seen.Add((await Desk.SellAsync(request)).Verdict);
        request = request with { PrinterSerial = provider.Serial.ToLowerInvariant() };
        seen.Add((await Desk.SellAsync(request)).Verdict);
        request = request with { InvoiceNumber = provider.NextInvoice() };
        seen.Add((await Desk.SellAsync(request)).Verdict);
        request = request with { Data = $"01|01|{NewTriple()}|1;" };
        var sold = await Desk.SellAsync(request);
        seen.Add(sold.Verdict);
        seen.Add((await Desk.SellAsync(request with { Data = $"01|01|{NewTriple()}|1;" })).Verdict);

        Assert.Equal(
        [
            WebSaleVerdict.UnknownProvider, WebSaleVerdict.AddressNotAllowed, WebSaleVerdict.ProviderDisabled, WebSaleVerdict.PosNotActive,
            WebSaleVerdict.PrinterSerialMismatch, WebSaleVerdict.InvoiceInvalid, WebSaleVerdict.Malformed, WebSaleVerdict.Done,
            WebSaleVerdict.InvoiceInvalid, // the same numfact again: used
        ], seen);
        Assert.True(TicketNumber.TryParse(sold.TicketNumber, out var parts) && parts.ProviderCode == provider.Code);
    }

    [Fact]
    public async Task PartialSaleCarriesWhatEachRecordSold()
    {
        var provider = await fixture.NewProviderAsync();
        var triple = NewTriple();
        await SellAsync(provider, $"01|01|{triple}|95;");

        var partial = await Desk.SellAsync(new WebSaleRequest(Code(provider), "28", provider.Serial, provider.NextInvoice(),
            $"01|01|{triple}|10;01|01|{NewTriple()}|1;", null, null, WebSaleFixture.ClientIp));

        Assert.Equal(WebSaleVerdict.PartiallySold, partial.Verdict);
        Assert.Equal([500L, 100L], partial.SoldLines!.Select(l => l.SoldCents));
        Assert.Equal([1000L, 100L], partial.SoldLines!.Select(l => l.RequestedCents));
    }

    [Fact]
    public async Task CancellationRefusesAdministrativePosThenPosAndTicketThenUnknownTicketThenItsState()
    {
        var withoutAdministrative = await fixture.NewProviderAsync(administrativePos: false);
        var provider = await fixture.NewProviderAsync();
        var other = await fixture.NewProviderAsync();
        var ticket = await SellAsync(provider, $"01|01|{NewTriple()}|1;");
        var othersTicket = await SellAsync(other, $"01|01|{NewTriple()}|1;");

        var seen = new List<WebSaleVerdict>
        {
            (await Desk.CancelAsync(Request(withoutAdministrative, data: "123", pos: "77"))).Verdict,
            (await Desk.CancelAsync(Request(provider, data: ticket, pos: "77"))).Verdict,
            (await Desk.CancelAsync(Request(provider, data: "123"))).Verdict,
            (await Desk.CancelAsync(Request(provider, data: othersTicket))).Verdict,
            (await Desk.CancelAsync(Request(provider, data: ticket))).Verdict,
            (await Desk.CancelAsync(Request(provider, data: ticket))).Verdict,
        };

        Assert.Equal(
        [
            WebSaleVerdict.NoAdministrativePos, WebSaleVerdict.Malformed, WebSaleVerdict.Malformed, WebSaleVerdict.UnknownTicket,
            WebSaleVerdict.Done, WebSaleVerdict.TicketCancelled,
        ], seen);
    }

    [Fact]
    public async Task PrizeRegistrationChecksTheDateBeforeTheTicketAndTheSaleDateAfterIt()
    {
        var provider = await fixture.NewProviderAsync();
        var ticket = await SellAsync(provider, $"01|01|{NewTriple()}|1;");
        var cancelled = await SellAsync(provider, $"01|01|{NewTriple()}|1;");
        Assert.Equal(WebSaleVerdict.Done, (await Desk.CancelAsync(Request(provider, data: cancelled))).Verdict);
        var unknown = TicketNumber.Compose(new DateOnly(2026, 1, 2), provider.Code, 28, 7);

        var seen = new List<WebSaleVerdict>
        {
            (await Desk.PayAsync(Request(provider, data: "123", date: "2026-01-02"))).Verdict,
            (await Desk.PayAsync(Request(provider, data: unknown, date: "20260230"))).Verdict,
            (await Desk.PayAsync(Request(provider, data: unknown, date: TodayCompact))).Verdict,
            (await Desk.PayAsync(Request(provider, data: cancelled, date: TodayCompact))).Verdict,
            (await Desk.PayAsync(Request(provider, data: ticket, date: "20200101"))).Verdict,
            (await Desk.PayAsync(Request(provider, data: ticket, date: TodayCompact))).Verdict,
        };

        Assert.Equal(
        [
            WebSaleVerdict.Malformed, WebSaleVerdict.BadDate, WebSaleVerdict.UnknownTicket, WebSaleVerdict.TicketCancelled,
            WebSaleVerdict.BadDate, WebSaleVerdict.NotWinning, // today's draws have no published result yet
        ], seen);
    }

    [Fact]
    public async Task ResultsRefuseAdministrativePosThenDateThenTurn()
    {
        var withoutAdministrative = await fixture.NewProviderAsync(administrativePos: false);
        var provider = await fixture.NewProviderAsync();

        var seen = new List<WebSaleVerdict>
        {
            (await Desk.ResultsAsync(Request(withoutAdministrative, date: "x", turn: "9"))).Verdict,
            (await Desk.ResultsAsync(Request(provider, date: "x", turn: "9"))).Verdict,
            (await Desk.ResultsAsync(Request(provider, date: "20101130", turn: "9"))).Verdict,
            (await Desk.ResultsAsync(Request(provider, date: "20101130", turn: "1"))).Verdict,
        };

        Assert.Equal([WebSaleVerdict.NoAdministrativePos, WebSaleVerdict.BadDate, WebSaleVerdict.BadTurn, WebSaleVerdict.NoResults], seen);
    }

    [Fact]
    public async Task TransactionCheckRefusesProviderThenPosAndTicketThenTheTicket()
    {
        var provider = await fixture.NewProviderAsync(administrativePos: false); // a check needs no administrative POS
        var other = await fixture.NewProviderAsync();
        var first = await SellAsync(provider, $"01|01|{NewTriple()}|1;");
        var second = await SellAsync(provider, $"01|01|{NewTriple()}|1;");
        var othersTicket = await SellAsync(other, $"01|01|{NewTriple()}|1;");
        await SetEnabledAsync(other, false);

        var seen = new List<WebSaleVerdict>
        {
            (await Desk.CheckTransactionsAsync(Request(other, data: othersTicket))).Verdict,
            (await Desk.CheckTransactionsAsync(Request(provider, data: first) with { ClientAddress = "198.51.100.7" })).Verdict,
            (await Desk.CheckTransactionsAsync(Request(provider, data: first, pos: "77"))).Verdict,
            (await Desk.CheckTransactionsAsync(Request(provider, data: othersTicket))).Verdict,
            (await Desk.CheckTransactionsAsync(Request(provider, data: first))).Verdict,
            (await Desk.CheckTransactionsAsync(Request(provider, data: second))).Verdict,
        };

        Assert.Equal(
        [
            WebSaleVerdict.ProviderDisabled, WebSaleVerdict.AddressNotAllowed, WebSaleVerdict.Malformed, WebSaleVerdict.UnknownTicket,
            WebSaleVerdict.Done, WebSaleVerdict.TicketCancelled, // the first check cancelled the second ticket
        ], seen);
    }
}
