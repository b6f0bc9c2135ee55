using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Tests.Betting;
using Xunit;
using Xunit.Abstractions;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// The betting events API under hostile input: the contract's own example requests with fields of the
/// wrong type, at the edges of their numbers, unstorable, repeated or missing, bodies cut short or not
/// UTF-8, odd content types and Idempotency-Keys; credentials that are nearly right; reads of anything.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class BettingFuzzTests(FuzzFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Examples = [.. new[] { "single-new-bet", "multiple-new-bet", "multiple-result" }.Select(BettingFixture.DocumentExample)];

    /// <summary>A document example for a player and slip of its own (a valid one is a first event, not a replay).</summary>
    private static Gen<string> Documents { get; } = Gens.Zip(Gen.Elements(Examples), Gen.Choose(100_000_000, 999_999_999), Gen.Choose(0, int.MaxValue))
        .Select(t => WithPlayer(t.Item1, Cpf.Format(Cpf.Complete(t.Item2.ToString("D9", CultureInfo.InvariantCulture))), $"slip_fuzz_{t.Item3}"));

    [Fact]
    public Task HostileEventBodiesNeverFailTheServerAndRefusedOnesStoreNothing()
    {
        var headers = Gen.Frequency(
            (6, Gen.Constant(Array.Empty<KeyValuePair<string, string>>())),
            (2, Hostile.IdempotencyKey.Select(k => new[] { KeyValuePair.Create("Idempotency-Key", k) })),
            (1, Hostile.Headers));
        var contentType = Gen.Frequency((8, Gen.Constant<string?>("application/json")), (1, Hostile.ContentType));
        var requests = Gens.Zip(Documents.SelectMany(JsonBodies.Bytes), headers, contentType)
            .Select(t => new FuzzRequest("POST", "/betting-events", Caller.Operator, t.Item2, t.Item3, t.Item1));
        return Fuzz.CheckAsync(output, nameof(HostileEventBodiesNeverFailTheServerAndRefusedOnesStoreNothing), requests, 700,
            r => Fuzz.RefusedChangesNothingAsync(fixture, r));
    }

    [Fact]
    public Task NearlyRightCredentialsAreRefusedAndStoreNothing()
    {
        var credentials = Gen.Frequency(
            (3, Hostile.ApiKey(fixture.OperatorKey).Select(k => KeyValuePair.Create("x-api-key", k))),
            (1, Hostile.Authorization.Select(a => KeyValuePair.Create("Authorization", a))));
        var target = Gen.Elements("/betting-events", $"/betting-events/{fixture.EventId}", $"/bet-slips/{fixture.BetSlipId}",
            $"/players/{BareCpf}/summary");
        var requests = Gens.Zip(target, credentials, Documents).Select(t => t.Item1 == "/betting-events"
            ? FuzzRequest.Json("POST", t.Item1, Caller.Anonymous, t.Item3, [t.Item2])
            : FuzzRequest.Get(t.Item1, Caller.Anonymous, [t.Item2]));
        return Fuzz.CheckAsync(output, nameof(NearlyRightCredentialsAreRefusedAndStoreNothing), requests, 200,
            r => Fuzz.RefusedChangesNothingAsync(fixture, r));
    }

    [Fact]
    public Task ReadsOfAnyIdAnswerWithoutFailing()
    {
        var path = Gen.OneOf(
            Hostile.Segment(fixture.EventId, Guid.Empty.ToString(), Guid.NewGuid().ToString("N")).Select(s => $"/betting-events/{s}"),
            Hostile.Segment(fixture.BetSlipId, "slip_simple_123").Select(s => $"/bet-slips/{s}"),
            Hostile.Segment(fixture.Cpf, BareCpf, "000.000.000-00", "012.345.678-90").Select(s => $"/players/{s}/summary"));
        var caller = Gen.Frequency((6, Gen.Constant(Caller.Operator)), (1, Gen.Constant(Caller.Admin)), (1, Gen.Constant(Caller.Anonymous)));
        var requests = Gens.Zip(path, Hostile.Query("limit", "from", "to", "cpf"), caller, Hostile.Headers)
            .Select(t => FuzzRequest.Get(t.Item1 + t.Item2, t.Item3, t.Item4));
        return Fuzz.CheckAsync(output, nameof(ReadsOfAnyIdAnswerWithoutFailing), requests, 250, r => Fuzz.RefusedChangesNothingAsync(fixture, r));
    }

    private string BareCpf => new([.. fixture.Cpf.Where(char.IsAsciiDigit)]);

    private static string WithPlayer(string example, string cpf, string slip)
    {
        var json = JsonNode.Parse(example)!.AsObject();
        json["tax_id"] = cpf;
        json["bet_slip_id"] = slip;
        return json.ToJsonString();
    }
}
