using System.Net;
using System.Text.Json;
using Xunit;

namespace Lottopar.Client.Tests;

/// <summary>The records serialize to the document's JSON, and the platform's answers parse.</summary>
public sealed class WireFormatTests
{
    [Fact]
    public void TheDocumentsSingleBetExampleBuiltWithTheRecordsSerializesToTheDocumentsJson()
    {
        var request = new BettingEventRequest
        {
            TaxId = "012.345.678-90",
            Event = BettingEventTypes.NewBet,
            LastPlayerBalance = 30000,
            CurrentPlayerBalance = 25000,
            EventDate = new DateTimeOffset(2024, 1, 15, 15, 30, 0, TimeSpan.Zero),
            BetSlipId = "slip_simple_123",
            BetSlipState = BetSlipStates.Open,
            TotalStake = 5000,
            TotalOdds = 2.50m,
            LegCount = 1,
            IsLive = false,
            IsFreeBet = false,
            BonusAmount = 0,
            IsEachWay = false,
            BetLegs =
            [
                new BetLeg
                {
                    LegId = "leg_abc123",
                    Odds = 2.5m,
                    SportId = "66",
                    SportName = "Futebol",
                    EventId = "evt_fla_palm_001",
                    EventName = "Flamengo vs. Palmeiras",
                    TournamentId = "tourn_brasileirao_2024",
                    TournamentName = "Campeonato Brasileiro 2024",
                    MarketId = "mkt_winner",
                    MarketName = "Vencedor do encontro",
                    SelectionId = "sel_flamengo",
                    SelectionName = "Flamengo",
                    // A time zone other than UTC still goes out in UTC with a Z.
                    EventStartTime = new DateTimeOffset(2024, 1, 15, 18, 0, 0, TimeSpan.FromHours(-3)),
                    LegState = LegStates.Open,
                },
            ],
        };

        var json = JsonSerializer.Serialize(request, LottoparJson.Options);

        JsonAssert.Equivalent(DocumentExamples.SimpleNewBet, json);
        Assert.Contains("\"event_date\":\"2024-01-15T15:30:00Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"event_start_time\":\"2024-01-15T21:00:00Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"total_odds\":2.5,", json, StringComparison.Ordinal); // 2.50m is written as the document writes it
    }

    [Theory]
    [InlineData(nameof(DocumentExamples.SimpleNewBet))]
    [InlineData(nameof(DocumentExamples.MultipleNewBet))]
    [InlineData(nameof(DocumentExamples.MultipleResult))]
    public void EveryDocumentExampleSurvivesARoundTripThroughTheRecords(string example)
    {
        var json = (string)typeof(DocumentExamples).GetField(example)!.GetValue(null)!;

        var request = JsonSerializer.Deserialize<BettingEventRequest>(json, LottoparJson.Options)!;

        JsonAssert.Equivalent(json, JsonSerializer.Serialize(request, LottoparJson.Options));
    }

    [Fact]
    public void NullOptionalFieldsAreOmittedNotWrittenAsNull()
    {
        var request = new BettingEventRequest
        {
            TaxId = "529.982.247-25",
            Event = BettingEventTypes.NewBet,
            LastPlayerBalance = 1000,
            CurrentPlayerBalance = 900,
            BetSlipId = "slip_1",
            TotalStake = 100,
            TotalOdds = 1.5m,
            LegCount = 1,
            BetLegs = [new BetLeg { LegId = "leg_1", Odds = 1.5m }],
        };

        var json = JsonSerializer.Serialize(request, LottoparJson.Options);

        JsonAssert.Equivalent(
            """
            {"tax_id":"529.982.247-25","event":"new_bet","last_player_balance":1000,"current_player_balance":900,
             "bet_slip_id":"slip_1","total_stake":100,"total_odds":1.5,"leg_count":1,"bet_legs":[{"leg_id":"leg_1","odds":1.5}]}
            """,
            json);
    }

    [Fact]
    public void MetaIsFreeJson()
    {
        using var meta = JsonDocument.Parse("""{"channel":"app","device":{"os":"android"}}""");
        var request = JsonSerializer.Deserialize<BettingEventRequest>(DocumentExamples.SimpleNewBet, LottoparJson.Options)! with
        {
            Meta = meta.RootElement.Clone(),
        };

        using var written = JsonDocument.Parse(JsonSerializer.Serialize(request, LottoparJson.Options));

        Assert.Equal("android", written.RootElement.GetProperty("meta").GetProperty("device").GetProperty("os").GetString());
    }

    [Fact]
    public void TheAcceptedBodyParses()
    {
        var accepted = JsonSerializer.Deserialize<BettingEventAccepted>(
            """
            {"event_id":"6f1c2f0e-8a4b-4c59-9d43-0c7d2b1e9a11","received_at":"2026-11-21T12:00:00.123Z","bet_slip_id":"slip_1",
             "bet_slip_state":"open","flags":["balance_discontinuity"],"replayed":true}
            """,
            LottoparJson.Options)!;

        Assert.Equal(Guid.Parse("6f1c2f0e-8a4b-4c59-9d43-0c7d2b1e9a11"), accepted.EventId);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 12, 0, 0, 123, TimeSpan.Zero), accepted.ReceivedAt);
        Assert.Equal(BetSlipStates.Open, accepted.BetSlipState);
        Assert.Equal(["balance_discontinuity"], accepted.Flags);
        Assert.True(accepted.Replayed);
    }

    [Fact]
    public void AProblemParsesWithItsCodeFieldErrorsAndExtensions()
    {
        var problem = JsonSerializer.Deserialize<Problem>(
            """
            {"type":"https://lottopar.pr.gov.br/problems/validation","title":"Invalid betting event","status":422,
             "detail":"2 fields are invalid.","code":"validation_failed","traceId":"00-abc",
             "errors":{"tax_id":["Not a valid CPF."],"bet_legs[0].odds":["Must be above 1."]}}
            """,
            LottoparJson.Options)!;

        Assert.Equal(422, problem.Status);
        Assert.Equal("validation_failed", problem.Code);
        Assert.Equal(["Not a valid CPF."], problem.Errors!["tax_id"]);
        Assert.Equal(["Must be above 1."], problem.Errors["bet_legs[0].odds"]);
        Assert.Equal("00-abc", problem.Extensions!["traceId"].GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (HttpStatusCode)problem.Status!.Value);
    }
}
