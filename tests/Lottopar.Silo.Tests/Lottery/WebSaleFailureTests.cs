using System.Globalization;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>
/// A turn that fails to store a sale (its write, or the serialisation of its state): the terminal
/// gets the protocol's failure code with HTTP 200, no ticket exists, the quota is as it was, and
/// the same sale afterwards (same invoice number) sells.
/// </summary>
public sealed class WebSaleFailureTests(WebSaleFixture fixture) : IClassFixture<WebSaleFixture>
{
    private readonly WebSaleClient _pos = new(fixture.Silo.CreateClient());

    [Theory]
    [InlineData("write")]
    [InlineData("turn state")]
    public async Task ASaleThatCannotBeStoredAnswersZeroLeavesNoTicketAndSellsWhenRetried(string fault)
    {
        var provider = await fixture.NewProviderAsync();
        var triple = Random.Shared.Next(0, 1000).ToString("D3", CultureInfo.InvariantCulture);
        var invoice = provider.NextInvoice();
        await _pos.SellAsync(provider, $"04|01|{triple}|0.1;");
        if (fault == "write")
        {
            fixture.Silo.Faults.FailNextWrite("lottery_turn");
        }
        else
        {
            fixture.Silo.Faults.FailNextSerialisation<LotteryTurnState>();
        }

        var failed = await _pos.SellAsync(provider, $"04|01|{triple}|0.5;", invoice);
        var tickets = await TicketsAsync(provider);
        var retried = await _pos.SellAsync(provider, $"04|01|{triple}|0.5;", invoice);

        Assert.Equal("0", failed);
        Assert.Equal(1, tickets);
        Assert.True(TicketNumber.TryParse(retried, out _), $"Not a ticket: '{retried}'");
        Assert.Equal(2, await TicketsAsync(provider));
        Assert.Equal(60, await fixture.Silo.Database.ScalarAsync<long>(
            $"select sum(total_cents)::bigint from lottery_tickets where provider_code = {provider.Code} and status = 'sold'"));
    }

    private Task<long> TicketsAsync(TestProvider provider) =>
        fixture.Silo.Database.ScalarAsync<long>($"select count(*) from lottery_tickets where provider_code = {provider.Code}");
}
