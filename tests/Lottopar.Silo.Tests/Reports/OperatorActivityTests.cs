using System.Globalization;
using System.Net.Http.Json;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Silo.Projections;
using Lottopar.Silo.Reports;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.CpfChecks;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Silo.Tests.Payments;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Silo.Tests.Reports;

/// <summary>
/// The operators' daily activity, kept from the betting and payments streams by the real silo's
/// projections and read through <see cref="OperatorActivity"/>. In the payments collection: its
/// silo reaches the sandbox PSP, and betting events need nothing more.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class OperatorActivityTests(PaymentsFixture fixture)
{
    private static readonly DateOnly January14 = new(2024, 1, 14);
    private static readonly DateOnly January15 = new(2024, 1, 15);

    private OperatorActivity Reader => fixture.Silo.Services.GetRequiredService<OperatorActivity>();

    [Fact]
    public async Task BettingEventsOfTwoOperatorsAreSummedExactlyOnTheirBrasiliaDay()
    {
        var first = await fixture.NewOperatorAsync("betting-events");
        var second = await fixture.NewOperatorAsync("betting-events");
        var (player, other) = (BettingFixture.NewCpf(), BettingFixture.NewCpf());

        // 02:30 UTC is 23:30 of the day before in Brasília.
        await BetAsync(first.Client, player, "s1", "2024-01-15T02:30:00Z", 30_000, 25_000, stake: 5_000, bonus: 1_000);
        await BetAsync(first.Client, player, "s2", "2024-01-15T15:00:00Z", 50_000, 40_000, stake: 10_000);
        await ResultAsync(first.Client, player, "s2", "2024-01-15T20:00:00Z", 40_000, 102_500);
        await ResultAsync(first.Client, player, "s1", "2024-01-15T21:00:00Z", 102_500, 102_500); // lost: no winnings
        await BetAsync(first.Client, other, "s3", "2024-01-15T02:59:00Z", 9_000, 8_000, stake: 1_000);
        await BetAsync(second.Client, player, "s1", "2024-01-15T03:00:00Z", 20_000, 13_000, stake: 7_000, bonus: 500);

        await BettingCaughtUpAsync(first.Oprid, second.Oprid);
        var days = await Reader.DailyAsync([first.Oprid, second.Oprid], January14, January15, default);

        Assert.Equal(
            [
                new OperatorDay(first.Oprid, January14, Betting(bets: 2, stakes: 6_000, bonuses: 1_000, winnings: 0)),
                new OperatorDay(first.Oprid, January15, Betting(bets: 1, stakes: 10_000, bonuses: 0, winnings: 62_500)),
                new OperatorDay(second.Oprid, January15, Betting(bets: 1, stakes: 7_000, bonuses: 500, winnings: 0)),
            ],
            days);
        Assert.Equal([6_000L, -52_500L, 7_000L], days.Select(d => d.Activity.Ggr));
        var totals = Assert.Single(await Reader.TotalsAsync([first.Oprid], January14, January15, default));
        Assert.Equal(new OperatorPeriod(first.Oprid, January14, January15, Betting(bets: 3, stakes: 16_000, bonuses: 1_000, winnings: 62_500)), totals);
        Assert.Equal(-46_500, totals.Activity.Ggr);
    }

    [Fact]
    public async Task ARedeliveredBatchChangesNothing()
    {
        var op = await fixture.NewOperatorAsync("betting-events");
        var player = BettingFixture.NewCpf();
        await BetAsync(op.Client, player, "r1", "2024-01-15T12:00:00Z", 30_000, 25_000, stake: 5_000, bonus: 200);
        await BetAsync(op.Client, player, "r2", "2024-01-15T13:00:00Z", 25_000, 22_000, stake: 3_000);
        await ResultAsync(op.Client, player, "r1", "2024-01-15T14:00:00Z", 22_000, 34_500);
        await BettingCaughtUpAsync(op.Oprid);
        var delivered = await Reader.DailyAsync([op.Oprid], January15, January15, default);
        var events = await StreamedAsync(op.Oprid);
        var projection = fixture.Silo.Services.GetRequiredService<BettingActivityProjection>();

        // As the delivery would after a crash before its checkpoint: the same events again, then twice at once.
        await projection.ProjectAsync(events, default);
        await projection.ProjectAsync([.. events.Take(2)], default);
        await Task.WhenAll(projection.ProjectAsync(events, default), projection.ProjectAsync(events, default));

        Assert.Equal(3, events.Count);
        Assert.Equal(delivered, await Reader.DailyAsync([op.Oprid], January15, January15, default));
        Assert.Equal(Betting(bets: 2, stakes: 8_000, bonuses: 200, winnings: 12_500), Assert.Single(delivered).Activity);
    }

    [Fact]
    public async Task OfABatchOnlyTheEventsPastTheStreamsPositionAreAdded()
    {
        // A stream no silo publishes to, so only these calls touch its position.
        var oprid = "OPR-T" + Guid.NewGuid().ToString("N")[..12];
        var stream = new StreamId(BettingStreams.Namespace, oprid);
        var projection = fixture.Silo.Services.GetRequiredService<BettingActivityProjection>();
        ProjectedEvent<BettingEventRecord> Bet(long transaction, long id, long stake) => new(
            new BettingEventRecord(Guid.NewGuid(), oprid, "01234567890", id, DateTimeOffset.UtcNow, Event(BettingEventType.NewBet, stake), []),
            new StreamEventInfo(stream, new StreamPosition(transaction, id), DateTimeOffset.UtcNow));
        var (a, b, c, d) = (Bet(10, 1, 100), Bet(10, 2, 200), Bet(11, 3, 400), Bet(12, 4, 800));

        await projection.ProjectAsync([a, b], default);
        await projection.ProjectAsync([a, b], default);
        await projection.ProjectAsync([b, c], default);
        await projection.ProjectAsync([d, d], default);

        var day = Assert.Single(await Reader.DailyAsync([oprid], January15, January15, default));
        Assert.Equal((4L, 1_500L), (day.Activity.Bets, day.Activity.Stakes));
        Assert.Equal(1, await fixture.Silo.Database.ScalarAsync<long>(
            $"select count(*) from stream_projection_positions where projection = '{BettingActivityProjection.Name}' and stream_key = '{oprid}' and (tx_id, event_id) = (12, 4)"));
    }

    [Fact]
    public async Task SettledDepositsRefundsAndWithdrawalsAppearOnTheDayOfTheirSettlement()
    {
        var op = await fixture.NewOperatorAsync(notified: false, autoPayAfterMs: null, ["payments"], openingBalance: 1_000_000);
        var player = CpfFixture.NewCpf();
        var deposit = (await PaymentsFixture.DepositAsync(op.Client, player, amount: 5_000)).GetProperty("id").GetString()!;
        await Expect.StatusAsync(await fixture.Sandbox.PayAsync(op.Chave, deposit, player), 201);
        await fixture.NotifyAsync(op.Oprid, deposit);
        var paidByAnother = (await PaymentsFixture.DepositAsync(op.Client, player, amount: 7_700)).GetProperty("id").GetString()!;
        await Expect.StatusAsync(await fixture.Sandbox.PayAsync(op.Chave, paidByAnother, CpfFixture.NewCpf()), 201);
        await fixture.NotifyAsync(op.Oprid, paidByAnother);
        await Expect.StatusAsync(await PaymentsFixture.SetPayoutAccountAsync(op.Client, player, player), 200);
        await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, new { cpf = player, amount = 30_000, reference = "saque-1" }, "out-1"), 201);
        var returned = (await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, new { cpf = player, amount = 8_800, reference = "saque-2" }, "out-2"), 201))
            .GetProperty("id").GetString()!;
        await Expect.StatusAsync(await fixture.Sandbox.ReturnPayoutAsync(op.Chave, returned), 200);
        await Expect.StatusAsync(await fixture.Psp.PostAsJsonAsync(
            $"/pix/webhook/{op.Oprid}/pagamentos", new { pagamentos = new[] { new { idEnvio = returned, status = "DEVOLVIDO" } } }), 200);
        var (settled, refunded) = (await PaymentAsync(op, deposit), await PaymentAsync(op, paidByAnother));
        Assert.Equal(("completed", "refunded", "returned"),
            (settled.GetProperty("status").GetString(), refunded.GetProperty("status").GetString(), (await PaymentAsync(op, returned)).GetProperty("status").GetString()));
        var today = BrasiliaTime.Today(fixture.Silo.Clock.GetUtcNow());

        await CaughtUpAsync(PaymentActivityProjection.Name, GrainInterfaces.Payments.PaymentStreams.Namespace, GrainInterfaces.Payments.PaymentStreams.PaymentSettled, op.Oprid);
        var totals = await Reader.TotalsAsync([op.Oprid], today.AddDays(-2), today.AddDays(2), default);
        var days = await Reader.DailyAsync([op.Oprid], today.AddDays(-2), today.AddDays(2), default);

        // Two payouts made, one of them returned; the cash-in paid by someone else is a refund, not a deposit.
        Assert.Equal(new ActivityTotals(0, 0, 0, 0, Deposits: 5_000, DepositCount: 1, Withdrawals: 30_000, WithdrawalCount: 1, Refunds: 7_700), Assert.Single(totals).Activity);
        var depositDay = BrasiliaTime.Today(settled.GetProperty("settledAt").GetDateTimeOffset());
        Assert.Equal((5_000L, 1L), days.Where(d => d.Day == depositDay).Select(d => (d.Activity.Deposits, d.Activity.DepositCount)).Single());
        var refundDay = BrasiliaTime.Today(refunded.GetProperty("settledAt").GetDateTimeOffset());
        Assert.Equal(7_700, days.Single(d => d.Day == refundDay).Activity.Refunds);
    }

    [Fact]
    public async Task TheReaderFiltersByOperatorAndLeavesOutOperatorsWithoutActivity()
    {
        var first = await fixture.NewOperatorAsync("betting-events");
        var second = await fixture.NewOperatorAsync("betting-events");
        var idle = await fixture.NewOperatorAsync("betting-events");
        await BetAsync(first.Client, BettingFixture.NewCpf(), "f1", "2024-01-15T12:00:00Z", 10_000, 9_000, stake: 1_000);
        await BetAsync(second.Client, BettingFixture.NewCpf(), "f1", "2024-01-15T12:00:00Z", 10_000, 8_000, stake: 2_000);
        await BettingCaughtUpAsync(first.Oprid, second.Oprid);

        var both = await Reader.DailyAsync([first.Oprid, second.Oprid, idle.Oprid], January15, January15, default);
        var one = await Reader.DailyAsync([second.Oprid], January15, January15, default);
        var everyone = await Reader.DailyAsync(null, January15, January15, default);
        var none = await Reader.DailyAsync([], January15, January15, default);
        var otherDays = await Reader.DailyAsync([first.Oprid, second.Oprid], January15.AddDays(1), January15.AddDays(30), default);
        var totals = await Reader.TotalsAsync([second.Oprid, idle.Oprid], January14, January15, default);

        Assert.Equal([first.Oprid, second.Oprid], both.Select(d => d.Oprid));
        Assert.Equal([(second.Oprid, 2_000L)], one.Select(d => (d.Oprid, d.Activity.Stakes)));
        Assert.Subset(everyone.Select(d => d.Oprid).ToHashSet(), new HashSet<string> { first.Oprid, second.Oprid });
        Assert.DoesNotContain(idle.Oprid, everyone.Select(d => d.Oprid));
        Assert.Empty(none);
        Assert.Empty(otherDays);
        Assert.Equal([(second.Oprid, 2_000L)], totals.Select(t => (t.Oprid, t.Activity.Stakes)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Reader.DailyAsync(null, January15, January14, default));
    }

    private static ActivityTotals Betting(long bets, long stakes, long bonuses, long winnings) => new(bets, stakes, bonuses, winnings, 0, 0, 0, 0, 0);

    private static BettingEvent Event(BettingEventType kind, long stake) =>
        new("01234567890", kind, 10_000, 10_000 - stake, new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero), true, "slip", null, stake, 2m, 1,
            false, false, 0, false, [], null);

    private static async Task BetAsync(HttpClient client, string cpf, string slip, string at, long last, long current, long stake, long bonus = 0) =>
        await BettingFixture.AcceptedAsync(await BettingFixture.PostAsync(client, BettingFixture.Example("single-new-bet", j =>
        {
            j["tax_id"] = cpf;
            j["bet_slip_id"] = slip;
            j["event_date"] = at;
            j["last_player_balance"] = last;
            j["current_player_balance"] = current;
            j["total_stake"] = stake;
            j["bonus_amount"] = bonus;
        })));

    private static async Task ResultAsync(HttpClient client, string cpf, string slip, string at, long last, long current) =>
        await BettingFixture.AcceptedAsync(await BettingFixture.PostAsync(client, BettingFixture.Example("single-new-bet", j =>
        {
            j["tax_id"] = cpf;
            j["event"] = "result";
            j["bet_slip_id"] = slip;
            j["bet_slip_state"] = "settled";
            j["event_date"] = at;
            j["last_player_balance"] = last;
            j["current_player_balance"] = current;
            j["bet_legs"]![0]!["leg_state"] = current > last ? "won" : "lost";
            j["bet_legs"]![0]!["result"] = current > last ? "won" : "lost";
        })));

    private async Task BettingCaughtUpAsync(params string[] oprids)
    {
        foreach (var oprid in oprids)
        {
            await CaughtUpAsync(BettingActivityProjection.Name, BettingStreams.Namespace, BettingStreams.EventRecorded, oprid);
        }
    }

    /// <summary>Waits until the projection has applied the operator's last event of the kind it reads (its stream position is that event's).</summary>
    private async Task CaughtUpAsync(string projection, string streamNamespace, string eventType, string oprid) =>
        await Eventually.HoldsAsync(
            () => fixture.Silo.Database.ScalarAsync<long>($"""
                select count(*) from stream_projection_positions p
                where p.projection = '{projection}' and p.stream_namespace = '{streamNamespace}' and p.stream_key = '{oprid}'
                  and (p.tx_id, p.event_id) = (select tx_id, id from stream_events e
                                               where e.stream_namespace = '{streamNamespace}' and e.stream_key = '{oprid}' and e.event_type = '{eventType}'
                                               order by tx_id desc, id desc limit 1)
                """),
            n => n == 1, $"{projection} has applied the last event of {oprid}");

    /// <summary>The operator's betting events as the stream log delivers them, in its order.</summary>
    private async Task<List<ProjectedEvent<BettingEventRecord>>> StreamedAsync(string oprid)
    {
        var log = fixture.Silo.Services.GetRequiredService<IStreamLog>();
        var stream = new StreamId(BettingStreams.Namespace, oprid);
        var rows = await fixture.Silo.Database.ScalarAsync<string>(
            $"select string_agg(tx_id || ':' || id, ',' order by tx_id, id) from stream_events where stream_namespace = '{BettingStreams.Namespace}' and stream_key = '{oprid}'");
        var events = new List<ProjectedEvent<BettingEventRecord>>();
        foreach (var row in rows!.Split(','))
        {
            var (transaction, id) = (long.Parse(row.Split(':')[0], CultureInfo.InvariantCulture), long.Parse(row.Split(':')[1], CultureInfo.InvariantCulture));
            var batch = await log.ReadAfterAsync(BettingStreams.Namespace, StreamPartitioner.PartitionOf(stream), new StreamPosition(transaction, id - 1), 1, default);
            var stored = Assert.Single(batch.Events);
            events.Add(new(RuntimeJson.Deserialize<BettingEventRecord>(stored.Payload)!, new StreamEventInfo(stored.Stream, stored.Position, stored.PublishedAt)));
        }

        return events;
    }

    private static async Task<System.Text.Json.JsonElement> PaymentAsync(PaymentsFixture.Operator op, string id) =>
        await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"));
}
