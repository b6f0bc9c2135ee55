using System.Net;
using System.Text.Json.Nodes;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;
using static Lottopar.Silo.Tests.Betting.BettingFixture;

namespace Lottopar.Silo.Tests.Betting;

/// <summary>One test per rule: each bad field is refused with the field named, and nothing is recorded.</summary>
public sealed class BettingValidationTests(BettingFixture fixture) : IClassFixture<BettingFixture>
{
    /// <summary>(change to the document's multiple new_bet, status, the field the error must name).</summary>
    public static TheoryData<string, int, string> Rules => new()
    {
        { "tax_id=null", 422, "tax_id" },
        { "tax_id=\"012.345.678-91\"", 422, "tax_id" },
        { "tax_id=\"111.111.111-11\"", 422, "tax_id" },
        { "tax_id=\"1234\"", 422, "tax_id" },
        { "event=\"bet\"", 422, "event" },
        { "event=null", 422, "event" },
        { "last_player_balance=null", 422, "last_player_balance" },
        { "current_player_balance=-1", 422, "current_player_balance" },
        { "total_stake=50.5", 400, "total_stake" },
        { "total_stake=\"5000\"", 400, "total_stake" },
        { "total_stake=-100", 422, "total_stake" },
        { "bonus_amount=-1", 422, "bonus_amount" },
        { "bet_slip_id=null", 422, "bet_slip_id" },
        { "bet_slip_state=\"pending\"", 422, "bet_slip_state" },
        { "total_odds=1.0", 422, "total_odds" },
        { "total_odds=9.5", 422, "total_odds" },
        { "leg_count=2", 422, "leg_count" },
        { "leg_count=null", 422, "leg_count" },
        { "bet_legs=[]", 422, "bet_legs" },
        { "bet_legs[1].odds=0.95", 422, "bet_legs[1].odds" },
        { "bet_legs[1].leg_id=\"leg_001\"", 422, "bet_legs[1].leg_id" },
        { "bet_legs[0].leg_state=\"pending\"", 422, "bet_legs[0].leg_state" },
        { "bet_legs[0].result=\"win\"", 422, "bet_legs[0].result" },
        { "bet_legs[2].amount_won=-5", 422, "bet_legs[2].amount_won" },
        { "event_date=\"2024-01-15T15:30:00\"", 400, "event_date" },
        { "event_date=\"15/01/2024\"", 400, "event_date" },
        { "bet_legs[0].event_start_time=\"tomorrow\"", 400, "bet_legs[0].event_start_time" },
        { "is_live=\"no\"", 400, "is_live" },
        { "total_stake=9223372036854775807", 422, "total_stake" },
        { "total_stake=1000000000001", 422, "total_stake" },
        { "current_player_balance=1000000000001", 422, "current_player_balance" },
        { "bet_legs[2].amount_won=1000000000001", 422, "bet_legs[2].amount_won" },
        { "bet_legs[0].odds=1000001", 422, "bet_legs[0].odds" },
        { "total_odds=1000000000001", 422, "total_odds" },
        { "meta=\"text\"", 422, "meta" },
        { "meta={\"blob\":\"" + new string('x', 17_000) + "\"}", 422, "meta" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task EachRuleRefusesTheEventNamingTheField(string change, int status, string field)
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var json = Example("multiple-new-bet", j => Apply(j, change));

        var problem = await Expect.ProblemAsync(await PostAsync(client, json), (HttpStatusCode)status, status == 400 ? "malformed_json" : "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} not named in {problem}");
        Assert.Equal(0, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}'"));
    }

    [Fact]
    public async Task EveryFailingFieldIsNamedInOneAnswer()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var json = Example("multiple-new-bet", j =>
        {
            Apply(j, "tax_id=\"000.000.000-00\"");
            Apply(j, "event=\"bet\"");
            Apply(j, "leg_count=4");
            Apply(j, "bet_legs[2].odds=1");
        });

        var problem = await Expect.ProblemAsync(await PostAsync(client, json), (HttpStatusCode)422, "validation_failed");

        Assert.Equal(["bet_legs[2].odds", "event", "leg_count", "tax_id"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task PunctuatedAndBareCpfsAreTheSamePlayer()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = NewCpf();
        await AcceptedAsync(await PostAsync(client, Example("single-new-bet", j => j["tax_id"] = cpf)));

        var bare = await AcceptedAsync(await PostAsync(client, Example("multiple-new-bet", j =>
        {
            j["tax_id"] = new string(cpf.Where(char.IsAsciiDigit).ToArray());
            j["last_player_balance"] = 25000;
            j["current_player_balance"] = 15000;
        })));

        Assert.Empty(bare["flags"]!.AsArray());
    }

    /// <summary>Applies "path=json" (path like a.b[1].c) to the request.</summary>
    private static void Apply(JsonObject request, string change)
    {
        var (path, value) = (change[..change.IndexOf('=', StringComparison.Ordinal)], change[(change.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        JsonNode target = request;
        var parts = path.Split('.');
        foreach (var part in parts[..^1])
        {
            target = Step(target, part);
        }

        var last = parts[^1];
        var parsed = JsonNode.Parse(value);
        if (last.Contains('[', StringComparison.Ordinal))
        {
            var name = last[..last.IndexOf('[', StringComparison.Ordinal)];
            var index = int.Parse(last[(last.IndexOf('[', StringComparison.Ordinal) + 1)..^1]);
            target[name]![index] = parsed;
        }
        else
        {
            target[last] = parsed;
        }
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        if (!part.Contains('[', StringComparison.Ordinal))
        {
            return node[part]!;
        }

        var name = part[..part.IndexOf('[', StringComparison.Ordinal)];
        var index = int.Parse(part[(part.IndexOf('[', StringComparison.Ordinal) + 1)..^1]);
        return node[name]![index]!;
    }
}
