using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Grains.Lottery;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>
/// Results under the two-person rule, and the operations that read them: 4 (results), 2 (prize
/// registration) and 3 (transaction check); the closing reminder; the sales report; the catalog.
/// Each test has its own silo, whose clock it moves from 09:00 (turn 1 selling) to 12:00 (closed).
/// </summary>
public sealed class WebSaleResultsTests : OwnSiloTests
{
    private string Today => LotteryCalendar.SaleDate(Fixture.Silo.Clock.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string TodayCompact => Today.Replace("-", "", StringComparison.Ordinal);

    private void CloseTurnOne() => Fixture.Silo.Clock.Advance(TimeSpan.FromHours(3));

    private static object Result(string triple, int? sign = null) => new { triple, sign };

    /// <summary>Two different admins enter and confirm each result (the document's example: 482, 861, TAURO 987).</summary>
    private async Task PublishTurnOneAsync()
    {
        var second = await Fixture.Silo.AdminAsync();
        foreach (var (draw, result) in new[] { ("01", Result("482")), ("02", Result("861")), ("13", Result("987", 2)) })
        {
            await Expect.StatusAsync(await Fixture.Admin.PostAsJsonAsync($"/admin/lottery/draws/{draw}/{Today}/result", result), 200);
            await Expect.StatusAsync(await second.PostAsJsonAsync($"/admin/lottery/draws/{draw}/{Today}/result/confirm", result), 200);
        }
    }

    [Fact]
    public async Task ResultIsPublishedOnlyWhenASecondAdminConfirmsTheSameNumber()
    {
        var provider = await Fixture.NewProviderAsync();
        var second = await Fixture.Silo.AdminAsync();
        var early = await Fixture.Admin.PostAsJsonAsync($"/admin/lottery/draws/01/{Today}/result", Result("482"));
        CloseTurnOne();

        await Expect.StatusAsync(await Fixture.Admin.PostAsJsonAsync($"/admin/lottery/draws/01/{Today}/result", Result("482")), 200);
        var self = await Fixture.Admin.PostAsJsonAsync($"/admin/lottery/draws/01/{Today}/result/confirm", Result("482"));
        var mismatch = await second.PostAsJsonAsync($"/admin/lottery/draws/01/{Today}/result/confirm", Result("428"));
        var unpublished = await Pos.ResultsAsync(provider, TodayCompact, "1");
        await Expect.StatusAsync(await second.PostAsJsonAsync($"/admin/lottery/draws/01/{Today}/result/confirm", Result("482")), 200);
        var again = await Fixture.Admin.PostAsJsonAsync($"/admin/lottery/draws/01/{Today}/result", Result("111"));

        await Expect.ProblemAsync(early, HttpStatusCode.Conflict, "conflict");
        await Expect.ProblemAsync(self, HttpStatusCode.Conflict, "conflict");
        await Expect.ProblemAsync(mismatch, HttpStatusCode.Conflict, "conflict");
        await Expect.ProblemAsync(again, HttpStatusCode.Conflict, "conflict");
        Assert.Equal("1", unpublished);
        Assert.Equal("01:482;", await Pos.ResultsAsync(provider, TodayCompact, "1"));
    }

    [Fact]
    public async Task ZodiacResultNeedsItsSignAndOthersMustNotHaveOne()
    {
        CloseTurnOne();

        var noSign = await Fixture.Admin.PostAsJsonAsync($"/admin/lottery/draws/13/{Today}/result", Result("987"));
        var sign = await Fixture.Admin.PostAsJsonAsync($"/admin/lottery/draws/01/{Today}/result", Result("987", 2));
        var unknownDraw = await Fixture.Admin.PostAsJsonAsync($"/admin/lottery/draws/77/{Today}/result", Result("987"));

        await Expect.ProblemAsync(noSign, (HttpStatusCode)422, "validation_failed");
        await Expect.ProblemAsync(sign, (HttpStatusCode)422, "validation_failed");
        await Expect.ProblemAsync(unknownDraw, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ResultsAnswerTheDocumentsExampleAndItsCodes()
    {
        var provider = await Fixture.NewProviderAsync();
        var noAdministrativePos = await Fixture.NewProviderAsync(administrativePos: false);
        CloseTurnOne();
        Assert.Equal("1", await Pos.ResultsAsync(provider, TodayCompact, "1"));
        await PublishTurnOneAsync();

        Assert.Equal("01:482;02:861;13:02987;", await Pos.ResultsAsync(provider, TodayCompact, "1"));
        Assert.Equal("1", await Pos.ResultsAsync(provider, TodayCompact, "2"));
        Assert.Equal("6", await Pos.ResultsAsync(provider, "20261301", "1"));
        Assert.Equal("6", await Pos.ResultsAsync(provider, "2026-11-22", "1"));
        Assert.Equal("7", await Pos.ResultsAsync(provider, TodayCompact, "4"));
        Assert.Equal("7", await Pos.ResultsAsync(provider, TodayCompact, "x"));
        Assert.Equal("10", await Pos.ResultsAsync(noAdministrativePos, TodayCompact, "1"));
        Assert.Equal("11", await Pos.ResultsAsync(provider, TodayCompact, "1", peer: "198.51.100.7"));
        Assert.Equal("9", await Pos.ResultsAsync(new TestProvider("OPR-999999", 997, "Z000000000"), TodayCompact, "1"));
    }

    [Fact]
    public async Task WinningTicketIsPaidOnceWithThePayTablesPrize()
    {
        var provider = await Fixture.NewProviderAsync();
        var winner = await Pos.SellAsync(provider, "01|01|482|0.5;02|02|61|0.2;13|04|0287|0.1;");
        var loser = await Pos.SellAsync(provider, "01|01|483|1;");
        var cancelled = await Pos.SellAsync(provider, "01|01|482|0.1;");
        Assert.Equal("0", await Pos.CancelAsync(provider, cancelled));
        CloseTurnOne();
        Assert.Equal("1", await Pos.PayAsync(provider, winner, TodayCompact));
        await PublishTurnOneAsync();

        Assert.Equal("0", await Pos.PayAsync(provider, winner, TodayCompact));

        // 0.50 x 600 on the triple, 0.20 x 60 on the terminal, 0.10 x 600 on TAURO 87.
        Assert.Equal(30_000L + 1_200L + 6_000L, await Fixture.Silo.Database.ScalarAsync<long>(
            $"select prize_cents from lottery_tickets where ticket_number = '{winner}' and status = 'paid'"));
        Assert.Equal("2", await Pos.PayAsync(provider, winner, TodayCompact));
        Assert.Equal("1", await Pos.PayAsync(provider, loser, TodayCompact));
        Assert.Equal("3", await Pos.PayAsync(provider, cancelled, TodayCompact));
        Assert.Equal("3", await Pos.CancelAsync(provider, winner));
    }

    [Fact]
    public async Task PrizeRegistrationAnswersTheDocumentsCodes()
    {
        var provider = await Fixture.NewProviderAsync();
        var other = await Fixture.NewProviderAsync();
        var noAdministrativePos = await Fixture.NewProviderAsync(administrativePos: false);
        var ticket = await Pos.SellAsync(provider, "01|01|482|0.1;");
        CloseTurnOne();
        await PublishTurnOneAsync();

        Assert.Equal("1", await Pos.PayAsync(provider, "25110700402000002", TodayCompact));
        Assert.Equal("1", await Pos.PayAsync(provider, ticket, TodayCompact, posCode: 99));
        Assert.Equal("6", await Pos.PayAsync(provider, ticket, "2026-11-2"));
        Assert.Equal("6", await Pos.PayAsync(provider, ticket, "20200101"));
        Assert.Equal("3", await Pos.PayAsync(other, ticket, TodayCompact));
        Assert.Equal("3", await Pos.PayAsync(provider, TicketNumber.Compose(new DateOnly(2026, 1, 2), provider.Code, 28, 7), TodayCompact));
        Assert.Equal("10", await Pos.PayAsync(noAdministrativePos, ticket, TodayCompact));
        Assert.Equal("0", await Pos.PayAsync(provider, ticket, TodayCompact));
    }

    [Fact]
    public async Task TransactionCheckCancelsExactlyTheProvidersLaterTickets()
    {
        var provider = await Fixture.NewProviderAsync();
        var other = await Fixture.NewProviderAsync();
        var tickets = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tickets.Add(await Pos.SellAsync(provider, $"01|01|{300 + i}|1;"));
        }

        var othersTicket = await Pos.SellAsync(other, "01|01|399|1;");
        var laterTurn = await Pos.SellAsync(provider, "03|01|300|1;");
        Assert.Equal("0", await Pos.CancelAsync(provider, tickets[3]));

        Assert.Equal("0", await Pos.CheckAsync(provider, tickets[1]));

        var statuses = await Task.WhenAll(tickets.Append(othersTicket).Append(laterTurn).Select(t =>
            Fixture.Silo.Database.ScalarAsync<string>($"select status from lottery_tickets where ticket_number = '{t}'")));
        Assert.Equal(["sold", "sold", "cancelled", "cancelled", "cancelled", "sold", "cancelled"], statuses.Select(s => s ?? "missing").ToArray());
        Assert.Equal("4", await Pos.CheckAsync(provider, tickets[2]));
        Assert.Equal("1", await Pos.CheckAsync(provider, othersTicket));
        Assert.Equal("1", await Pos.CheckAsync(provider, "123"));
        Assert.Equal("11", await Pos.CheckAsync(provider, tickets[0], peer: "198.51.100.7"));

        // The cancelled amounts are back in the quotas: triple 302 sells its whole quota again.
        Assert.True(TicketNumber.TryParse(await Pos.SellAsync(provider, "01|01|302|100;"), out _));
    }

    [Fact]
    public async Task TransactionCheckCancelsATurnsLaterTicketsInOneCommitOrNotAtAll()
    {
        var provider = await Fixture.NewProviderAsync();
        var checkedTicket = await Pos.SellAsync(provider, "01|01|610|1;");
        var later = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            later.Add(await Pos.SellAsync(provider, $"01|01|{611 + i}|1;"));
        }

        var inList = string.Join(",", later.Select(t => $"'{t}'"));
        Fixture.Silo.Faults.FailNextWrite("lottery_turn");
        Assert.Equal("1", await Pos.CheckAsync(provider, checkedTicket));
        Assert.Equal(3, await Fixture.Silo.Database.ScalarAsync<long>($"select count(*) from lottery_tickets where ticket_number in ({inList}) and status = 'sold'"));

        Assert.Equal("0", await Pos.CheckAsync(provider, checkedTicket));

        // The turn's three cancellations were one write: the rows were updated by one transaction.
        Assert.Equal(3, await Fixture.Silo.Database.ScalarAsync<long>($"select count(*) from lottery_tickets where ticket_number in ({inList}) and status = 'cancelled'"));
        Assert.Equal(1, await Fixture.Silo.Database.ScalarAsync<long>($"select count(distinct xmin::text) from lottery_tickets where ticket_number in ({inList})"));
    }

    [Fact]
    public async Task ClosingReminderRecordsTheTurnAsClosed()
    {
        var provider = await Fixture.NewProviderAsync();
        await Pos.SellAsync(provider, "01|01|111|1;");
        var key = $"01/1/{Today}";

        CloseTurnOne();

        var closedAt = "";
        for (var attempt = 0; attempt < 100 && closedAt.Length == 0; attempt++)
        {
            await Task.Delay(100);
            closedAt = await Fixture.Silo.Database.ScalarAsync<string>(
                $"select coalesce(state->>'closedAt', '') from grain_state where grain_type = 'lottery_turn' and grain_key = '{key}'") ?? "";
        }

        Assert.NotEqual("", closedAt);
        Assert.Equal("7", await Pos.SellAsync(provider, "01|01|112|1;"));
    }

    [Fact]
    public async Task SalesReportCountsTicketsAmountsAndCancellationsPerPos()
    {
        var provider = await Fixture.NewProviderAsync();
        await Pos.SellAsync(provider, "01|01|500|1;01|02|50|2;");
        await Pos.SellAsync(provider, "01|01|501|0.5;");
        var cancelled = await Pos.SellAsync(provider, "01|01|502|3;");
        await Pos.SellAsync(provider, "02|01|500|9;");
        Assert.Equal("0", await Pos.CancelAsync(provider, cancelled));

        var report = await Expect.JsonAsync(await Fixture.Admin.GetAsync($"/admin/lottery/draws/01/{Today}/sales"));

        var total = report.GetProperty("total");
        Assert.Equal((2, 350, 1, 300), (total.GetProperty("tickets").GetInt64(), total.GetProperty("soldCents").GetInt64(),
            total.GetProperty("cancelledTickets").GetInt64(), total.GetProperty("cancelledCents").GetInt64()));
        var pos = Assert.Single(report.GetProperty("byPos").EnumerateArray());
        Assert.Equal((provider.Code, 28), (pos.GetProperty("providerCode").GetInt32(), pos.GetProperty("posCode").GetInt32()));
    }

    [Fact]
    public async Task CatalogIsReplacedOnlyWhole()
    {
        var provider = await Fixture.NewProviderAsync();
        var settings = await Expect.JsonAsync(await Fixture.Admin.GetAsync("/admin/lottery/settings"));
        var catalog = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(settings.GetProperty("catalog").GetRawText())!;
        var draws = JsonSerializer.Deserialize<List<Dictionary<string, object>>>(catalog["draws"].GetRawText())!;
        draws.Add(new Dictionary<string, object>
        {
            ["code"] = "21", ["lotteryCode"] = "01", ["turn"] = 1, ["name"] = "Leon C 12m",
            ["drawTime"] = "12:00:00", ["closingTime"] = "11:50:00", ["numberTypes"] = new[] { "triple", "terminal" },
        });
        var bad = new Dictionary<string, object>(catalog.ToDictionary(k => k.Key, k => (object)k.Value)) { ["draws"] = draws.Append(draws[^1]).ToList() };
        var good = new Dictionary<string, object>(catalog.ToDictionary(k => k.Key, k => (object)k.Value)) { ["draws"] = draws };

        var refused = await Fixture.Admin.PutAsJsonAsync("/admin/lottery/catalog", bad);
        Assert.Equal("0", await Pos.SellAsync(provider, "21|01|123|1;"));
        await Expect.StatusAsync(await Fixture.Admin.PutAsJsonAsync("/admin/lottery/catalog", good), 200);

        Assert.True((await Expect.ProblemAsync(refused, (HttpStatusCode)422, "validation_failed")).GetProperty("errors").EnumerateObject().Any());
        Assert.True(TicketNumber.TryParse(await Pos.SellAsync(provider, "21|01|123|1;01|01|123|1;"), out _));
    }

    [Fact]
    public async Task OperatorStaffCannotReachTheLotteryAdministration()
    {
        var provider = await Fixture.NewProviderAsync();
        var operatorAdmin = await Fixture.Silo.StaffAsync(["operator-admin"], provider.Oprid);

        Assert.Equal(HttpStatusCode.Forbidden, (await operatorAdmin.GetAsync("/admin/lottery/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorAdmin.GetAsync($"/admin/lottery/draws/01/{Today}/sales")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorAdmin.PostAsJsonAsync($"/admin/lottery/draws/01/{Today}/result", Result("482"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Fixture.Silo.CreateClient().GetAsync("/admin/lottery/settings")).StatusCode);
    }
}
