using System.Net;
using System.Text.Json;
using Xunit;

namespace Lottopar.Client.Tests;

/// <summary>The client against a local platform: what it sends, and how it reads every kind of answer.</summary>
public sealed class LottoparClientTests
{
    [Fact]
    public async Task AnAcceptedEventComesBackWithItsIdAndTheRequestGoesOutAsTheDocumentWritesIt()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = platform.CreateHttpClient();
        var request = new BettingEventGenerator(1, seed: 1).TakeAccepted(1)[0];

        var result = await platform.CreateClient(http).SendBettingEventAsync(request);

        Assert.Equal(HttpStatusCode.Created, result.StatusCode);
        Assert.True(result.IsAccepted);
        Assert.NotEqual(Guid.Empty, result.Accepted!.EventId);
        Assert.Equal(request.BetSlipId, result.Accepted.BetSlipId);
        Assert.Equal(BetSlipStates.Open, result.Accepted.BetSlipState);
        Assert.Empty(result.Accepted.Flags);
        Assert.False(result.Accepted.Replayed);
        Assert.Null(result.Problem);
        Assert.True(result.Elapsed > TimeSpan.Zero);

        var received = Assert.Single(platform.Received);
        Assert.StartsWith("application/json", received.ContentType, StringComparison.Ordinal);
        JsonAssert.Equivalent(JsonSerializer.Serialize(request, LottoparJson.Options), received.Body);
        Assert.Equal("", received.IdempotencyKey);
    }

    [Fact]
    public async Task FlagsRaisedByThePlatformAreReturned()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = platform.CreateHttpClient();
        var client = platform.CreateClient(http);
        var events = new BettingEventGenerator(1, seed: 2).TakeAccepted(2);

        await client.SendBettingEventAsync(events[0]);
        var result = await client.SendBettingEventAsync(events[1] with { LastPlayerBalance = events[1].LastPlayerBalance + 1 });

        Assert.Equal(["balance_discontinuity"], result.Accepted!.Flags);
    }

    [Fact]
    public async Task AValidationRefusalCarriesItsCodeAndFieldErrors()
    {
        await using var platform = await FakePlatform.StartAsync((_, _) =>
            new Refusal(422, "validation_failed", new() { ["tax_id"] = ["Not a valid CPF."], ["bet_legs[0].odds"] = ["Must be above 1."] }));
        using var http = platform.CreateHttpClient();

        var result = await platform.CreateClient(http).SendBettingEventAsync(new BettingEventGenerator(1, seed: 3).TakeAccepted(1)[0]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.StatusCode);
        Assert.False(result.IsAccepted);
        Assert.Null(result.Accepted);
        Assert.Equal(422, result.Problem!.Status);
        Assert.Equal("validation_failed", result.Problem.Code);
        Assert.Equal("Refused: validation_failed", result.Problem.Title);
        Assert.Equal(["Not a valid CPF."], result.Problem.Errors!["tax_id"]);
        Assert.Equal(["Must be above 1."], result.Problem.Errors["bet_legs[0].odds"]);
        Assert.Null(result.RetryAfter);
    }

    [Fact]
    public async Task TooManyRequestsCarriesRetryAfter()
    {
        await using var platform = await FakePlatform.StartAsync((_, _) => new Refusal(429, "rate_limited", RetryAfterSeconds: 3));
        using var http = platform.CreateHttpClient();

        var result = await platform.CreateClient(http).SendBettingEventAsync(new BettingEventGenerator(1, seed: 4).TakeAccepted(1)[0]);

        Assert.Equal(HttpStatusCode.TooManyRequests, result.StatusCode);
        Assert.Equal("rate_limited", result.Problem!.Code);
        Assert.Equal(TimeSpan.FromSeconds(3), result.RetryAfter);
    }

    [Fact]
    public async Task AWrongKeyIsRefusedWith401()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = platform.CreateHttpClient();

        var result = await platform.CreateClient(http, apiKey: "lp_hml_OPR-000001_wrong").SendRawAsync("{}");

        Assert.Equal(HttpStatusCode.Unauthorized, result.StatusCode);
        Assert.Equal("invalid_api_key", result.Problem!.Code);
        Assert.Empty(platform.Received);
    }

    [Fact]
    public async Task AnEventSentAgainWithItsIdempotencyKeyIsAReplayOfTheOriginal()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = platform.CreateHttpClient();
        var client = platform.CreateClient(http);
        var request = new BettingEventGenerator(1, seed: 5).TakeAccepted(1)[0];
        var key = Guid.NewGuid().ToString();

        var first = await client.SendBettingEventAsync(request, key);
        var again = await client.SendBettingEventAsync(request, key);

        Assert.False(first.Accepted!.Replayed);
        Assert.True(again.Accepted!.Replayed);
        Assert.Equal(first.Accepted.EventId, again.Accepted.EventId);
        Assert.All(platform.Received, received => Assert.Equal(key, received.IdempotencyKey));
    }

    [Fact]
    public async Task RawJsonIsSentExactlyAsWrittenAndMalformedJsonGetsTheProblem()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = platform.CreateHttpClient();
        var client = platform.CreateClient(http);

        var accepted = await client.SendRawAsync(DocumentExamples.SimpleNewBet);
        var malformed = await client.SendRawAsync("{\"tax_id\": ");

        Assert.True(accepted.IsAccepted);
        Assert.Equal("slip_simple_123", accepted.Accepted!.BetSlipId);
        Assert.Equal([DocumentExamples.SimpleNewBet, "{\"tax_id\": "], platform.Received.Select(r => r.Body));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("malformed_json", malformed.Problem!.Code);
        Assert.True(malformed.Problem.Errors!.ContainsKey("$"));
    }

    [Fact]
    public async Task AnErrorPageThatIsNotJsonStillBecomesAProblem()
    {
        await using var platform = await FakePlatform.StartAsync((_, _) => new Refusal(502, "bad_gateway", Html: true));
        using var http = platform.CreateHttpClient();

        var result = await platform.CreateClient(http).SendRawAsync(DocumentExamples.SimpleNewBet);

        Assert.Equal(HttpStatusCode.BadGateway, result.StatusCode);
        Assert.Equal(502, result.Problem!.Status);
        Assert.Contains("502 Bad Gateway", result.Problem.Detail, StringComparison.Ordinal);
        Assert.Null(result.Problem.Code);
    }

    [Fact]
    public async Task ReadsReturnThePlatformsDocumentsOrTheProblem()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = platform.CreateHttpClient();
        var client = platform.CreateClient(http);
        var request = new BettingEventGenerator(1, seed: 6).TakeAccepted(1)[0];
        var sent = await client.SendBettingEventAsync(request);

        var stored = await client.GetBettingEventAsync(sent.Accepted!.EventId);
        var slip = await client.GetBetSlipAsync(request.BetSlipId);
        var player = await client.GetPlayerSummaryAsync(request.TaxId);
        var unknown = await client.GetBettingEventAsync(Guid.NewGuid());

        Assert.Equal(request.BetSlipId, stored.Document!.Value.GetProperty("bet_slip_id").GetString());
        Assert.Equal(BetSlipStates.Open, slip.Document!.Value.GetProperty("state").GetString());
        Assert.Equal(request.CurrentPlayerBalance, player.Document!.Value.GetProperty("balance").GetInt64());
        Assert.False(unknown.IsSuccess);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not_found", unknown.Problem!.Code);
    }

    [Fact]
    public async Task APathInTheBaseAddressIsKeptEvenWithoutATrailingSlash()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var http = platform.CreateHttpClient("/gateway");

        var result = await platform.CreateClient(http).SendRawAsync(DocumentExamples.SimpleNewBet);

        Assert.Equal(HttpStatusCode.Created, result.StatusCode);
    }

    [Fact]
    public void AClientNeedsABaseAddressAndAKey()
    {
        using var noBase = new HttpClient();
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:5080") };

        Assert.Throws<ArgumentException>(() => new LottoparClient(noBase, "key"));
        Assert.Throws<ArgumentException>(() => new LottoparClient(http, " "));
    }
}
