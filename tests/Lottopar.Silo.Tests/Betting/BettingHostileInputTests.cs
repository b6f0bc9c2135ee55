using System.Net;
using System.Text.Json.Nodes;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;
using static Lottopar.Silo.Tests.Betting.BettingFixture;

namespace Lottopar.Silo.Tests.Betting;

/// <summary>
/// What an attacker or a broken client sends: text PostgreSQL cannot store, repeated keys, numbers
/// at the edge of their types. Each is a 4xx naming the field, nothing is recorded, and the
/// corrected request afterwards is a first event, not a replay of something that never was.
/// </summary>
public sealed class BettingHostileInputTests(BettingFixture fixture) : IClassFixture<BettingFixture>
{
    private const string Marker = "\"__TEXT__\"";

    /// <summary>(field to put the text in, raw JSON literal, field the answer names).</summary>
    public static TheoryData<string, string, string> UnstorableText => new()
    {
        { "meta.c", "\"\\ud800\"", "meta.c" },
        { "meta.c", "\"a\\u0000b\"", "meta.c" },
        { "meta.nested", "[1, {\"x\": \"\\udc00\"}]", "meta.nested[1].x" },
        { "meta.nested", "{\"ok\": 1, \"\\u0000\": 2}", "meta.nested" },
        { "bet_slip_id", "\"slip\\u0000\"", "bet_slip_id" },
        { "bet_slip_id", "\"slip\\ud800\"", "bet_slip_id" },
        { "tax_id", "\"\\u0000\"", "tax_id" },
        { "bet_legs[0].sport_name", "\"Futebol\\u0000\"", "bet_legs[0].sport_name" },
        { "bet_legs[1].event_name", "\"\\udfff vs. \\ud800\"", "bet_legs[1].event_name" },
    };

    [Theory]
    [MemberData(nameof(UnstorableText))]
    public async Task TextThatCannotBeStoredIsRefusedNamingTheFieldAndLeavesNoTrace(string field, string literal, string named)
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var slip = $"slip_{Guid.NewGuid():N}";
        var cpf = NewCpf();
        var good = Example("multiple-new-bet", j =>
        {
            j["tax_id"] = cpf;
            j["bet_slip_id"] = slip;
            j["meta"] = new JsonObject { ["c"] = "ok" };
        });
        var bad = WithRaw(good, field, literal);

        var problem = await Expect.ProblemAsync(await PostAsync(client, bad), HttpStatusCode.BadRequest, "invalid_text");

        Assert.True(problem.GetProperty("errors").TryGetProperty(named, out _), $"{named} not named in {problem}");
        Assert.Equal(0, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}'"));
        var accepted = await AcceptedAsync(await PostAsync(client, good));
        Assert.False(accepted["replayed"]!.GetValue<bool>());
        await Expect.StatusAsync(await client.GetAsync($"/betting-events/{accepted["event_id"]}"), 200);
    }

    [Fact]
    public async Task ARepeatedKeyIsRefusedNamingTheKey()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var json = DocumentExample("multiple-new-bet").Replace("\"total_stake\": 10000,", "\"total_stake\": -5, \"total_stake\": 10000,", StringComparison.Ordinal);
        Assert.Contains("\"total_stake\": -5", json);

        var problem = await Expect.ProblemAsync(await PostAsync(client, json), HttpStatusCode.BadRequest, "malformed_json");

        Assert.True(problem.GetProperty("errors").TryGetProperty("total_stake", out _), problem.ToString());
        Assert.Equal(0, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}'"));
    }

    [Fact]
    public async Task ARepeatedKeyInsideALegOrMetaIsRefusedToo()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var inLeg = DocumentExample("multiple-new-bet").Replace("\"odds\": 1.8,", "\"odds\": 1.8, \"odds\": 9.9,", StringComparison.Ordinal);
        var inMeta = WithRaw(DocumentExample("multiple-new-bet"), "meta", "{\"a\": 1, \"a\": 2}");

        var legProblem = await Expect.ProblemAsync(await PostAsync(client, inLeg), HttpStatusCode.BadRequest, "malformed_json");
        await Expect.ProblemAsync(await PostAsync(client, inMeta), HttpStatusCode.BadRequest, "malformed_json");

        Assert.True(legProblem.GetProperty("errors").TryGetProperty("bet_legs[0].odds", out _), legProblem.ToString());
    }

    [Fact]
    public async Task AMultipleWhoseOddsMultiplyBeyondAnyNumberIsRefusedNotOverflowed()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var json = Example("multiple-new-bet", j =>
        {
            var legs = new JsonArray();
            for (var i = 0; i < 6; i++)
            {
                legs.Add(new JsonObject { ["leg_id"] = $"leg_{i}", ["odds"] = 999999 });
            }

            j["bet_legs"] = legs;
            j["leg_count"] = 6;
            j["total_odds"] = 6.25;
        });

        var problem = await Expect.ProblemAsync(await PostAsync(client, json), (HttpStatusCode)422, "validation_failed");

        Assert.Equal(["total_odds"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(0, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}'"));
    }

    [Fact]
    public async Task AMultipleAtTheOddsLimitWithItsTrueProductIsAccepted()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var json = Example("multiple-new-bet", j =>
        {
            j["tax_id"] = NewCpf();
            j["bet_slip_id"] = $"slip_{Guid.NewGuid():N}";
            j["bet_legs"] = new JsonArray(
                new JsonObject { ["leg_id"] = "a", ["odds"] = 1000000 },
                new JsonObject { ["leg_id"] = "b", ["odds"] = 2.5 });
            j["leg_count"] = 2;
            j["total_odds"] = 2500000;
        });

        await AcceptedAsync(await PostAsync(client, json));
    }

    /// <summary>Sets a field of the JSON to a raw literal (which System.Text.Json would refuse to write).</summary>
    private static string WithRaw(string json, string field, string literal)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var parts = field.Split('.');
        JsonNode target = node;
        foreach (var part in parts[..^1])
        {
            target = Step(target, part) ?? (target[part] = new JsonObject());
        }

        var last = parts[^1];
        if (last.EndsWith(']'))
        {
            var name = last[..last.IndexOf('[', StringComparison.Ordinal)];
            target[name]![int.Parse(last[(name.Length + 1)..^1])] = "__TEXT__";
        }
        else
        {
            target[last] = "__TEXT__";
        }

        return node.ToJsonString().Replace(Marker, literal, StringComparison.Ordinal);
    }

    private static JsonNode? Step(JsonNode node, string part)
    {
        if (!part.EndsWith(']'))
        {
            return node[part];
        }

        var name = part[..part.IndexOf('[', StringComparison.Ordinal)];
        return node[name]![int.Parse(part[(name.Length + 1)..^1])];
    }
}
