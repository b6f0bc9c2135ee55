using System.Net.Http.Json;
using Lottopar.Grains.Lottery;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>Quotas: partial availability, exhaustion, parallel sales that never oversell, and the clock (closing, the 5-minute window, a restart).</summary>
public sealed class WebSaleQuotaTests : OwnSiloTests
{
    private Task SetQuotaAsync(string drawCode, long triple, long terminal) =>
        Fixture.Admin.PutAsJsonAsync($"/admin/lottery/draws/{drawCode}/quota", new { triple, terminal, tripleZodiac = 100, terminalZodiac = 100 })
            .ContinueWith(t => Expect.StatusAsync(t.Result, 200)).Unwrap();

    [Fact]
    public async Task PartialAvailabilityAnswersTheTicketAndWhatEachRecordSold()
    {
        var provider = await Fixture.NewProviderAsync();
        await SetQuotaAsync("05", triple: 150, terminal: 1_000);
        AssertTicket(await Pos.SellAsync(provider, "05|01|777|1.5;"));

        var body = await Pos.SellAsync(provider, "05|01|777|0.1;05|02|77|2;05|01|778|1.2;");

        var parts = body.Split(';');
        Assert.True(TicketNumber.TryParse(parts[0], out _), body);
        Assert.Equal($"{parts[0]};05|01|0;05|02|2;05|01|1.2;", body);
        var rest = await Pos.SellAsync(provider, "05|01|777|0.1;05|01|778|0.5;");
        Assert.Equal($"{rest.Split(';')[0]};05|01|0;05|01|0.3;", rest);
        Assert.Equal("6", await Pos.SellAsync(provider, "05|01|777|0.1;05|01|778|0.5;"));
    }

    [Fact]
    public async Task ManyPosSellingOneNumberAtOnceNeverExceedItsQuota()
    {
        await SetQuotaAsync("06", triple: 100, terminal: 1_000);
        var providers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Fixture.NewProviderAsync()));

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Pos.SellAsync(providers[i % 4], "06|01|321|0.07;")));

        var tickets = answers.Where(a => a != "6").ToList();
        Assert.All(answers, a => Assert.True(a == "6" || TicketNumber.TryParse(a.Split(';')[0], out _), a));
        Assert.Equal(100L, await Fixture.Silo.Database.ScalarAsync<long>(
            "select coalesce(sum((l->>'soldCents')::bigint), 0)::bigint from lottery_tickets, jsonb_array_elements(lines) l where l->>'drawCode' = '06' and l->>'number' = '321'"));
        Assert.Equal(15, tickets.Count);
        Assert.Single(tickets, t => t.Contains(';', StringComparison.Ordinal));
    }

    [Fact]
    public async Task SaleAfterTheClosingTimeGetsSevenByTheClockAlone()
    {
        var provider = await Fixture.NewProviderAsync();
        AssertTicket(await Pos.SellAsync(provider, "01|01|123|1;"));

        Fixture.Silo.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(55));

        Assert.Equal("7", await Pos.SellAsync(provider, "01|01|124|1;"));
        AssertTicket(await Pos.SellAsync(provider, "03|01|124|1;"));
    }

    [Fact]
    public async Task CancellationPastFiveMinutesGetsTwo()
    {
        var provider = await Fixture.NewProviderAsync();
        var early = await Pos.SellAsync(provider, "01|01|201|1;");
        var late = await Pos.SellAsync(provider, "01|01|202|1;");

        Fixture.Silo.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("0", await Pos.CancelAsync(provider, early));
        Fixture.Silo.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("2", await Pos.CancelAsync(provider, late));
    }

    [Fact]
    public async Task RestartKeepsQuotasAndTickets()
    {
        var provider = await Fixture.NewProviderAsync();
        var ticket = await Pos.SellAsync(provider, "13|03|05555|10;");
        await Fixture.Silo.StopKeepingDataAsync();

        await using var restarted = await PlatformHost.RestartAsync(Fixture.Silo);
        WebSaleFixture.MoveToNineInTheMorning(restarted);
        var pos = new WebSaleClient(restarted.CreateClient());

        Assert.Equal("6", await pos.SellAsync(provider, "13|03|05555|0.01;"));
        Assert.Equal("0", await pos.CancelAsync(provider, ticket));
        AssertTicket(await pos.SellAsync(provider, "13|03|05555|0.01;"));
    }

    private static void AssertTicket(string body) => Assert.True(TicketNumber.TryParse(body, out _), $"Not a ticket number: '{body}'");
}
