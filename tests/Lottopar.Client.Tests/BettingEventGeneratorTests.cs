using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Client.Tests;

/// <summary>The generated stream is one the platform would accept without a single flag.</summary>
public sealed partial class BettingEventGeneratorTests
{
    private const int Players = 8;
    private const int Events = 6000;

    [Fact]
    public void EachEventStartsFromThePlayersPreviousBalance()
    {
        var events = new BettingEventGenerator(Players, seed: 11).TakeAccepted(Events);

        foreach (var (cpf, stream) in ByPlayer(events))
        {
            for (var i = 1; i < stream.Count; i++)
            {
                Assert.True(stream[i].LastPlayerBalance == stream[i - 1].CurrentPlayerBalance,
                    $"{Cpfs.Mask(cpf)} event {i}: last {stream[i].LastPlayerBalance}, previous current {stream[i - 1].CurrentPlayerBalance}");
            }

            Assert.All(stream, e => Assert.True(e.CurrentPlayerBalance >= 0 && e.LastPlayerBalance >= 0));
        }

        Assert.True(ByPlayer(events).Count >= Players);
    }

    [Fact]
    public void SlipsAreOpenedByANewBetAndClosedOnceByTheSamePlayer()
    {
        var events = new BettingEventGenerator(Players, seed: 12).TakeAccepted(Events);
        var open = new Dictionary<string, BettingEventRequest>();
        var closed = new HashSet<string>();
        var legIds = new HashSet<string>();

        foreach (var e in events)
        {
            if (e.Event == BettingEventTypes.NewBet)
            {
                Assert.DoesNotContain(e.BetSlipId, closed);
                Assert.True(open.TryAdd(e.BetSlipId, e), $"{e.BetSlipId} opened twice");
                Assert.All(e.BetLegs, leg => Assert.True(legIds.Add(leg.LegId), $"leg id {leg.LegId} reused"));
                continue;
            }

            Assert.True(open.Remove(e.BetSlipId, out var bet), $"{e.Event} of {e.BetSlipId} without an open new_bet");
            closed.Add(e.BetSlipId);
            Assert.Equal(bet.TaxId, e.TaxId);
            Assert.Equal(bet.TotalStake, e.TotalStake);
            Assert.Equal(bet.TotalOdds, e.TotalOdds);
            Assert.Equal(bet.BetLegs.Select(l => (l.LegId, l.Odds)), e.BetLegs.Select(l => (l.LegId, l.Odds)));
        }

        Assert.True(closed.Count > Events / 3, $"only {closed.Count} slips were closed");
    }

    [Fact]
    public void DebitsAndCreditsFollowTheEventType()
    {
        var events = new BettingEventGenerator(Players, seed: 13).TakeAccepted(Events);

        foreach (var e in events)
        {
            switch (e.Event)
            {
                case BettingEventTypes.NewBet:
                    Assert.Equal(BetSlipStates.Open, e.BetSlipState);
                    Assert.InRange(e.TotalStake, 100, 50_000);
                    Assert.True(e.TotalStake <= e.LastPlayerBalance, "a stake above the balance");
                    Assert.Equal(e.LastPlayerBalance - e.TotalStake, e.CurrentPlayerBalance);
                    Assert.All(e.BetLegs, leg => Assert.Equal(LegStates.Open, leg.LegState));
                    break;
                case BettingEventTypes.Result when e.BetLegs.All(leg => leg.LegState == LegStates.Won):
                    Assert.Equal(BetSlipStates.Settled, e.BetSlipState);
                    var payout = (long)Math.Round(e.TotalStake * e.TotalOdds, MidpointRounding.AwayFromZero);
                    Assert.Equal(e.LastPlayerBalance + payout, e.CurrentPlayerBalance);
                    Assert.All(e.BetLegs, leg => Assert.Equal(LegResults.Won, leg.Result));
                    Assert.Equal(payout, e.BetLegs[^1].AmountWon);
                    break;
                case BettingEventTypes.Result:
                    Assert.Equal(BetSlipStates.Settled, e.BetSlipState);
                    Assert.Equal(e.LastPlayerBalance, e.CurrentPlayerBalance);
                    Assert.All(e.BetLegs, leg => Assert.Equal((LegStates.Lost, LegResults.Lost), (leg.LegState, leg.Result)));
                    break;
                case BettingEventTypes.Cancellation:
                    Assert.Equal(BetSlipStates.Cancelled, e.BetSlipState);
                    Assert.Equal(e.LastPlayerBalance + e.TotalStake, e.CurrentPlayerBalance);
                    break;
                default:
                    Assert.Fail($"unexpected event type {e.Event}");
                    break;
            }
        }

        var results = events.Where(e => e.Event == BettingEventTypes.Result).ToList();
        var wonShare = results.Count(e => e.CurrentPlayerBalance > e.LastPlayerBalance) / (double)results.Count;
        Assert.InRange(wonShare, 0.33, 0.47);
        var cancellations = events.Count(e => e.Event == BettingEventTypes.Cancellation);
        Assert.InRange(cancellations, 1, results.Count / 5);
    }

    [Fact]
    public void SlipsHaveOneToFourLegsWithTwoDecimalOddsAndTheirRoundedProduct()
    {
        var events = new BettingEventGenerator(Players, seed: 14).TakeAccepted(3000);

        foreach (var e in events)
        {
            Assert.InRange(e.BetLegs.Count, 1, 4);
            Assert.Equal(e.BetLegs.Count, e.LegCount);
            Assert.All(e.BetLegs, leg =>
            {
                Assert.InRange(leg.Odds, 1.20m, 4.00m);
                Assert.Equal(leg.Odds, Math.Round(leg.Odds, 2));
            });
            var product = e.BetLegs.Aggregate(1m, (p, leg) => p * leg.Odds);
            Assert.Equal(Math.Round(product, 2, MidpointRounding.AwayFromZero), e.TotalOdds);
            Assert.Equal(e.BetLegs.Count, e.BetLegs.Select(leg => leg.EventId).Distinct().Count());
        }

        Assert.Contains(events, e => e.LegCount == 1);
        Assert.Contains(events, e => e.LegCount == 4);
    }

    [Fact]
    public void PlayersHaveValidCpfsAndEventsAreDatedNowInUtc()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 15, 4, 5, 678, TimeSpan.FromHours(-3)).AddTicks(9_999));
        var events = new BettingEventGenerator(Players, seed: 15, clock).TakeAccepted(500);

        Assert.All(events, e =>
        {
            Assert.Matches(FormattedCpf(), e.TaxId);
            Assert.True(Cpfs.IsValid(e.TaxId), Cpfs.Mask(e.TaxId));
            Assert.Equal(new DateTimeOffset(2026, 11, 21, 18, 4, 5, 678, TimeSpan.Zero), e.EventDate);
        });
        Assert.Contains("\"event_date\":\"2026-11-21T18:04:05.678Z\"", JsonSerializer.Serialize(events[0], LottoparJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public void NoTwoPlayersOfAGeneratorShareACpf()
    {
        // 200,000 random nine-digit bases would hold about 20 pairs of equal CPFs.
        const int manyPlayers = 200_000;
        var generator = new BettingEventGenerator(manyPlayers, seed: 20);
        var firstEvents = generator.TakeAccepted(manyPlayers);
        Assert.Equal(manyPlayers, firstEvents.Select(e => e.TaxId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void GeneratedJsonUsesOnlyTheDocumentsFieldNamesAndOmitsNulls()
    {
        var events = new BettingEventGenerator(Players, seed: 16).TakeAccepted(1000);

        foreach (var e in events)
        {
            using var json = JsonDocument.Parse(JsonSerializer.Serialize(e, LottoparJson.Options));
            var root = json.RootElement;
            var names = root.EnumerateObject().Select(p => p.Name).ToHashSet();
            Assert.Subset(DocumentedFields.Event, names);
            Assert.Superset(DocumentedFields.RequiredEvent, names);
            Assert.All(root.EnumerateObject(), p => Assert.NotEqual(JsonValueKind.Null, p.Value.ValueKind));
            foreach (var leg in root.GetProperty("bet_legs").EnumerateArray())
            {
                var legNames = leg.EnumerateObject().Select(p => p.Name).ToHashSet();
                Assert.Subset(DocumentedFields.Leg, legNames);
                Assert.Superset(DocumentedFields.RequiredLeg, legNames);
                Assert.All(leg.EnumerateObject(), p => Assert.NotEqual(JsonValueKind.Null, p.Value.ValueKind));
            }
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameStream()
    {
        var clock = new ManualClock();
        string Stream(int seed) => JsonSerializer.Serialize(new BettingEventGenerator(4, seed, clock).TakeAccepted(300), LottoparJson.Options);

        Assert.Equal(Stream(21), Stream(21));
        Assert.NotEqual(Stream(21), Stream(22));
    }

    [Fact]
    public void APlayerWithAnEventInFlightGetsNoOtherTurn()
    {
        var generator = new BettingEventGenerator(players: 2, seed: 31);

        var first = generator.Next()!;
        var second = generator.Next()!;

        Assert.NotEqual(first.Player, second.Player);
        Assert.Null(generator.Next());
        second.Complete(accepted: true);
        Assert.Equal(second.Player, generator.Next()!.Player);
        Assert.Throws<InvalidOperationException>(() => second.Complete(accepted: true));
    }

    [Fact]
    public void ARefusedEventIsForgottenAndThePlayerContinuesFromItsLastAcceptedBalance()
    {
        var generator = new BettingEventGenerator(players: 1, seed: 32);
        var accepted = generator.Next()!;
        accepted.Complete(accepted: true);

        var refused = generator.Next()!;
        refused.Complete(accepted: false);
        var retried = generator.Next()!;

        Assert.Equal(accepted.Request.CurrentPlayerBalance, refused.Request.LastPlayerBalance);
        Assert.Equal(accepted.Request.CurrentPlayerBalance, retried.Request.LastPlayerBalance);
        Assert.Equal(accepted.Request.TaxId, retried.Request.TaxId);
        if (refused.Request.Event == BettingEventTypes.NewBet && retried.Request.Event == BettingEventTypes.NewBet)
        {
            Assert.NotEqual(refused.Request.BetSlipId, retried.Request.BetSlipId); // identifiers are never reused
        }
    }

    [Fact]
    public async Task TurnsTakenFromManyTasksKeepEveryPlayersEventsInOrder()
    {
        var generator = new BettingEventGenerator(players: 6, seed: 33);
        var holding = new ConcurrentDictionary<int, bool>();
        var acceptedByPlayer = new ConcurrentDictionary<string, List<BettingEventRequest>>();
        var overlaps = 0;

        var tasks = Enumerable.Range(0, 12).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var done = 0; done < 400;)
            {
                if (generator.Next() is not { } turn)
                {
                    await Task.Yield();
                    continue;
                }

                if (!holding.TryAdd(turn.Player, true))
                {
                    Interlocked.Increment(ref overlaps);
                }

                var accepted = random.NextDouble() < 0.8;
                if (accepted)
                {
                    // Recorded while the turn is held: the order of this list is the player's order.
                    acceptedByPlayer.GetOrAdd(turn.Request.TaxId, _ => []).Add(turn.Request);
                }

                holding.TryRemove(turn.Player, out _);
                turn.Complete(accepted);
                done++;
            }
        }));
        await Task.WhenAll(tasks);

        Assert.Equal(0, overlaps);
        foreach (var stream in acceptedByPlayer.Values)
        {
            for (var i = 1; i < stream.Count; i++)
            {
                Assert.Equal(stream[i - 1].CurrentPlayerBalance, stream[i].LastPlayerBalance);
            }
        }
    }

    private static Dictionary<string, List<BettingEventRequest>> ByPlayer(IEnumerable<BettingEventRequest> events) =>
        events.GroupBy(e => e.TaxId).ToDictionary(g => g.Key, g => g.ToList());

    [GeneratedRegex(@"^\d{3}\.\d{3}\.\d{3}-\d{2}$")]
    private static partial Regex FormattedCpf();
}
