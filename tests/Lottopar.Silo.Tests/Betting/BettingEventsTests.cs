using System.Net;
using System.Text.Json.Nodes;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Lottopar.Silo.Tests.Betting.BettingFixture;

namespace Lottopar.Silo.Tests.Betting;

/// <summary>POST /betting-events as the document specifies it, and what the platform makes of each event.</summary>
public sealed class BettingEventsTests(BettingFixture fixture) : IClassFixture<BettingFixture>
{
    private readonly PlatformHost _silo = fixture.Silo;

    private static string[] Flags(JsonObject accepted) => [.. accepted["flags"]!.AsArray().Select(f => f!.GetValue<string>())];

    [Fact]
    public async Task TheDocumentsThreeRequestsAreAcceptedAsWritten()
    {
        var (_, client) = await fixture.NewOperatorAsync();

        var single = await AcceptedAsync(await PostAsync(client, DocumentExample("single-new-bet")));
        var multiple = await AcceptedAsync(await PostAsync(client, DocumentExample("multiple-new-bet")));
        var result = await AcceptedAsync(await PostAsync(client, DocumentExample("multiple-result")));

        Assert.Equal(("slip_simple_123", "open"), (single["bet_slip_id"]!.GetValue<string>(), single["bet_slip_state"]!.GetValue<string>()));
        Assert.Equal("open", multiple["bet_slip_state"]!.GetValue<string>());
        Assert.Equal("settled", result["bet_slip_state"]!.GetValue<string>());
        Assert.Empty(Flags(single));
        // The document's second example starts from 50000 though the first left 25000: that is what the flag is for.
        Assert.Equal(["balance_discontinuity"], Flags(multiple));
        // The result pays 10000 x 6.25 = 62500, exactly what the balance gained.
        Assert.Empty(Flags(result));
        Assert.True(Guid.TryParse(single["event_id"]!.GetValue<string>(), out _));
        Assert.True(DateTimeOffset.TryParse(single["received_at"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task AcceptedEventIsInTheEventStoreWithItsFlagsAndCanBeReadBack()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var accepted = await AcceptedAsync(await PostAsync(client, Example("multiple-result", j => j["tax_id"] = NewCpf())));
        var id = accepted["event_id"]!.GetValue<string>();

        var stored = await Expect.JsonAsync(await client.GetAsync($"/betting-events/{id}"));

        Assert.Equal(oprid, stored.GetProperty("oprid").GetString());
        Assert.Matches(@"^\*\*\*\.[0-9]{3}\.[0-9]{3}-\*\*$", stored.GetProperty("tax_id").GetString());
        Assert.Equal(["orphan_result"], stored.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(3, stored.GetProperty("event").GetProperty("bet_legs").GetArrayLength());
        Assert.Equal(1, await _silo.Database.ScalarAsync<long>($"select count(*) from betting_events where event_id = '{id}' and oprid = '{oprid}' and 'orphan_result' = any(flags)"));
    }

    [Fact]
    public async Task TheStreamLogRefersToTheStoredPayloadAndItsReadersGetItWhole()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var accepted = await AcceptedAsync(await PostAsync(client, Example("multiple-new-bet", j => j["tax_id"] = NewCpf())));
        var id = accepted["event_id"]!.GetValue<string>();
        var stored = await _silo.Database.ScalarAsync<string>($"select payload::text from betting_events where event_id = '{id}'");

        // The payload is written once, in the store; the stream row holds the store row's key.
        Assert.Equal(
            await _silo.Database.ScalarAsync<string>($"select jsonb_build_object('eventId', payload->'eventId', 'receivedAt', payload->'receivedAt')::text from betting_events where event_id = '{id}'"),
            await _silo.Database.ScalarAsync<string>($"select payload::text from stream_events where stream_namespace = 'betting' and stream_key = '{oprid}'"));
        var (tx, row) = (await _silo.Database.ScalarAsync<long>($"select tx_id from stream_events where stream_namespace = 'betting' and stream_key = '{oprid}'"),
            await _silo.Database.ScalarAsync<long>($"select id from stream_events where stream_namespace = 'betting' and stream_key = '{oprid}'"));
        var log = _silo.Services.GetRequiredService<IStreamLog>();
        var partition = StreamPartitioner.PartitionOf(new StreamId(BettingStreams.Namespace, oprid));

        var batch = await Eventually.HoldsAsync(
            () => log.ReadAfterAsync(BettingStreams.Namespace, partition, new StreamPosition(tx, row - 1), 1, CancellationToken.None),
            b => b.Events.Count == 1, "the event is past every running transaction");

        var streamed = batch.Events[0];
        Assert.Equal((oprid, new StreamPosition(tx, row)), (streamed.Stream.Key, streamed.Position));
        Assert.Equal(stored, streamed.Payload);
        var record = RuntimeJson.Deserialize<BettingEventRecord>(streamed.Payload)!;
        Assert.Equal((Guid.Parse(id), oprid, 3), (record.EventId, record.Oprid, record.Event.BetLegs.Count));
    }

    [Fact]
    public async Task ReplayReturnsTheOriginalAnswerAndChangesNothing()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var json = Example("single-new-bet", j => j["tax_id"] = NewCpf());
        var first = await AcceptedAsync(await PostAsync(client, json));

        var replay = await AcceptedAsync(await PostAsync(client, json));

        Assert.Equal(first["event_id"]!.GetValue<string>(), replay["event_id"]!.GetValue<string>());
        Assert.Equal(first["received_at"]!.GetValue<string>(), replay["received_at"]!.GetValue<string>());
        Assert.True(replay["replayed"]!.GetValue<bool>());
        Assert.Equal(1, await _silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}'"));
        var slip = await Expect.JsonAsync(await client.GetAsync("/bet-slips/slip_simple_123"));
        Assert.Equal(1, slip.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task TenIdenticalRequestsInParallelHaveExactlyOneEffect()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var json = Example("multiple-new-bet", j => j["tax_id"] = NewCpf());

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostAsync(client, json)).Select(async r => await AcceptedAsync(await r)));

        Assert.Single(answers.Select(a => a["event_id"]!.GetValue<string>()).Distinct());
        Assert.Equal(9, answers.Count(a => a["replayed"]!.GetValue<bool>()));
        Assert.Equal(1, await _silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}'"));
        Assert.Equal(1, await _silo.Database.ScalarAsync<long>($"select count(*) from stream_events where stream_namespace = 'betting' and stream_key = '{oprid}'"));
    }

    [Fact]
    public async Task IdempotencyKeyReplaysTheAnswerAndRefusesADifferentBody()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var cpf = NewCpf();
        // Without event_date, each request is a new event: only the key can tell a retry.
        var json = Example("single-new-bet", j => { j["tax_id"] = cpf; j.Remove("event_date"); });
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostAsync(client, json, key)).Select(async r => await AcceptedAsync(await r)));
        var other = await PostAsync(client, Example("single-new-bet", j => { j["tax_id"] = cpf; j["total_stake"] = 1; }), key);

        Assert.Single(answers.Select(a => a["event_id"]!.GetValue<string>()).Distinct());
        Assert.Equal(1, await _silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}'"));
        var problem = await Expect.ProblemAsync(other, (HttpStatusCode)422, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        await AcceptedAsync(await PostAsync(client, json, Guid.NewGuid().ToString()));
        Assert.Equal(2, await _silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}'"));
    }

    [Fact]
    public async Task SlipLifecycleIsRecordedAndBreachesAreFlagged()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = NewCpf();
        await AcceptedAsync(await PostAsync(client, Example("multiple-new-bet", j => { j["tax_id"] = cpf; j["bet_slip_id"] = "life-1"; })));
        await AcceptedAsync(await PostAsync(client, Example("multiple-result", j => { j["tax_id"] = cpf; j["bet_slip_id"] = "life-1"; })));

        var late = await AcceptedAsync(await PostAsync(client, Example("multiple-result", j =>
        {
            j["tax_id"] = cpf;
            j["bet_slip_id"] = "life-1";
            j["event"] = "cancellation";
            j["bet_slip_state"] = "cancelled";
            j["event_date"] = "2024-01-16T06:00:00Z";
            j["last_player_balance"] = 102500;
            j["current_player_balance"] = 102500;
        })));

        Assert.Equal("settled", late["bet_slip_state"]!.GetValue<string>());
        Assert.Contains("cancellation_after_settlement", Flags(late));
        var slip = await Expect.JsonAsync(await client.GetAsync("/bet-slips/life-1"));
        Assert.Equal("settled", slip.GetProperty("state").GetString());
        Assert.Equal(["new_bet", "result", "cancellation"], slip.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task BalanceDiscontinuityAndOrphanResultAreFlagged()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = NewCpf();
        await AcceptedAsync(await PostAsync(client, Example("single-new-bet", j => j["tax_id"] = cpf)));

        var jump = await AcceptedAsync(await PostAsync(client, Example("multiple-new-bet", j => j["tax_id"] = cpf)));
        var orphan = await AcceptedAsync(await PostAsync(client, Example("multiple-result", j => { j["tax_id"] = cpf; j["bet_slip_id"] = "never-placed"; })));

        Assert.Equal(["balance_discontinuity"], Flags(jump));
        Assert.Equal(["orphan_result"], Flags(orphan));
        var summary = await Expect.JsonAsync(await client.GetAsync($"/players/{cpf}/summary"));
        Assert.Equal(1, summary.GetProperty("flag_counts").GetProperty("balance_discontinuity").GetInt64());
        Assert.Equal(102500, summary.GetProperty("last_reported_balance").GetInt64());
    }

    [Fact]
    public async Task ImplausibleBalanceChangeIsFlagged()
    {
        var (_, client) = await fixture.NewOperatorAsync();

        var accepted = await AcceptedAsync(await PostAsync(client, Example("single-new-bet", j => { j["tax_id"] = NewCpf(); j["current_player_balance"] = 29000; })));

        Assert.Equal(["implausible_balance_change"], Flags(accepted));
    }

    [Fact]
    public async Task UnknownFieldsAreIgnored()
    {
        var (_, client) = await fixture.NewOperatorAsync();

        var accepted = await AcceptedAsync(await PostAsync(client, Example("single-new-bet", j =>
        {
            j["tax_id"] = NewCpf();
            j["operator_internal_ref"] = "abc";
            j["bet_legs"]![0]!["odds_format"] = "decimal";
        })));

        Assert.Empty(Flags(accepted));
    }

    [Fact]
    public async Task EventDateDefaultsToTheTimeOfReceipt()
    {
        var (_, client) = await fixture.NewOperatorAsync();

        var accepted = await AcceptedAsync(await PostAsync(client, Example("single-new-bet", j => { j["tax_id"] = NewCpf(); j.Remove("event_date"); })));

        var stored = await Expect.JsonAsync(await client.GetAsync($"/betting-events/{accepted["event_id"]}"));
        Assert.Equal(
            DateTimeOffset.Parse(accepted["received_at"]!.GetValue<string>()),
            stored.GetProperty("event").GetProperty("event_date").GetDateTimeOffset());
        Assert.False(stored.GetProperty("event").GetProperty("is_live").GetBoolean());
    }

    [Fact]
    public async Task BodyTooLargeOrNotJsonIsRefused()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var huge = Example("single-new-bet", j => j["meta"] = new JsonObject { ["blob"] = new string('x', 300_000) });

        await Expect.ProblemAsync(await PostAsync(client, huge), HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        await Expect.ProblemAsync(await client.PostAsync("/betting-events", new StringContent("tax_id=1")), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }
}
