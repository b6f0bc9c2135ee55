using System.Globalization;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>
/// Operation 3 across turns (<see cref="ITransactionCheckGrain"/>): a check's cancellations in
/// several turns all happen, even when one turn's commit fails midway, and the terminal hears 0
/// only once they have. Draw 01 sells turn 1 and draw 03 turn 2, both open at 09:00.
/// </summary>
public sealed class TransactionCheckTests(WebSaleFixture fixture) : IClassFixture<WebSaleFixture>
{
    private static int s_number = 700;
    private readonly WebSaleClient _pos = new(fixture.Silo.CreateClient());

    private static string Frame(string draw) => $"{draw}|01|{Interlocked.Increment(ref s_number).ToString("D3", CultureInfo.InvariantCulture)}|1;";

    private ITransactionCheckGrain Checks(TestProvider provider) =>
        fixture.Silo.Grains.Keyed<ITransactionCheckGrain>(provider.Code.ToString(CultureInfo.InvariantCulture));

    private async Task<string> StatusAsync(string ticket) =>
        await fixture.Silo.Database.ScalarAsync<string>($"select status from lottery_tickets where ticket_number = '{ticket}'") ?? "missing";

    private Task<string?> TurnKeyAsync(string ticket) => fixture.Silo.Database.ScalarAsync<string>(
        $"select lottery_code || '/' || turn || '/' || to_char(sale_date, 'YYYY-MM-DD') from lottery_tickets where ticket_number = '{ticket}'");

    [Fact]
    public async Task ACheckWithLaterTicketsOnTwoTurnsCancelsBoth()
    {
        var provider = await fixture.NewProviderAsync();
        var confirmed = await _pos.SellAsync(provider, Frame("01"));
        var laterOnTurnOne = await _pos.SellAsync(provider, Frame("01"));
        var laterOnTurnTwo = await _pos.SellAsync(provider, Frame("03"));

        Assert.Equal("0", await _pos.CheckAsync(provider, confirmed));

        Assert.Equal(["sold", "cancelled", "cancelled"], await Task.WhenAll(new[] { confirmed, laterOnTurnOne, laterOnTurnTwo }.Select(StatusAsync)));
        Assert.Empty(await Checks(provider).PendingAsync());
    }

    [Fact]
    public async Task ACheckWhoseSecondTurnFailsStaysPendingAndTheNextCheckFinishesIt()
    {
        var provider = await fixture.NewProviderAsync();
        var confirmed = await _pos.SellAsync(provider, Frame("01"));
        var laterOnTurnOne = await _pos.SellAsync(provider, Frame("01"));
        var laterOnTurnTwo = await _pos.SellAsync(provider, Frame("03"));
        fixture.Silo.Faults.FailNextWrite("lottery_turn", (await TurnKeyAsync(laterOnTurnTwo))!);

        Assert.Equal("1", await _pos.CheckAsync(provider, confirmed));

        Assert.Equal(["cancelled", "sold"], await Task.WhenAll(new[] { laterOnTurnOne, laterOnTurnTwo }.Select(StatusAsync)));
        var pending = await Checks(provider).PendingAsync(); // a new activation: this is the stored intent
        Assert.Equal([laterOnTurnTwo], pending.Single(p => p.TurnKey.StartsWith("01/2/", StringComparison.Ordinal)).TicketNumbers);

        // The terminal's next check names a ticket sold since, which alone would cancel nothing:
        // the stored intent is finished first.
        var soldSince = await _pos.SellAsync(provider, Frame("01"));
        Assert.Equal("0", await _pos.CheckAsync(provider, soldSince));

        Assert.Equal(["sold", "cancelled", "cancelled", "sold"],
            await Task.WhenAll(new[] { confirmed, laterOnTurnOne, laterOnTurnTwo, soldSince }.Select(StatusAsync)));
        Assert.Empty(await Checks(provider).PendingAsync());
    }

    [Fact]
    public async Task ACheckThatStoppedMidwayIsFinishedByItsReminderWithoutAnotherCheck()
    {
        var provider = await fixture.NewProviderAsync();
        var confirmed = await _pos.SellAsync(provider, Frame("01"));
        var laterOnTurnOne = await _pos.SellAsync(provider, Frame("01"));
        var laterOnTurnTwo = await _pos.SellAsync(provider, Frame("03"));
        fixture.Silo.Faults.FailNextWrite("lottery_turn", (await TurnKeyAsync(laterOnTurnTwo))!);
        Assert.Equal("1", await _pos.CheckAsync(provider, confirmed));
        Assert.NotEmpty(await Checks(provider).PendingAsync());

        // The reminder waits a minute on the platform's clock for a check that might finish the list.
        fixture.Silo.Clock.Advance(TimeSpan.FromMinutes(2));

        await Eventually.HoldsAsync(() => StatusAsync(laterOnTurnTwo), status => status == "cancelled", "the reminder finished the check");
        Assert.Equal(["sold", "cancelled", "cancelled"], await Task.WhenAll(new[] { confirmed, laterOnTurnOne, laterOnTurnTwo }.Select(StatusAsync)));
        Assert.Empty(await Checks(provider).PendingAsync());
    }

    [Fact]
    public async Task TwoConcurrentChecksOfOneProviderCancelExactlyTheLaterTickets()
    {
        var provider = await fixture.NewProviderAsync();
        var tickets = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            tickets.Add(await _pos.SellAsync(provider, Frame(i % 2 == 0 ? "01" : "03")));
        }

        var answers = await Task.WhenAll(_pos.CheckAsync(provider, tickets[0]), _pos.CheckAsync(provider, tickets[3]));

        // Whichever ran second found its ticket cancelled by the first (4), or found nothing left to do (0).
        Assert.Equal("0", answers[0]);
        Assert.Contains(answers[1], new[] { "0", "4" });
        Assert.Equal(["sold", "cancelled", "cancelled", "cancelled", "cancelled", "cancelled"], await Task.WhenAll(tickets.Select(StatusAsync)));
        Assert.Empty(await Checks(provider).PendingAsync());
    }
}
