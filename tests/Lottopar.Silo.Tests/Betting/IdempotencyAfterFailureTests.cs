using System.Net;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;
using static Lottopar.Silo.Tests.Betting.BettingFixture;

namespace Lottopar.Silo.Tests.Betting;

/// <summary>
/// A request with an Idempotency-Key whose effect committed but whose answer was lost (the silo
/// died between the commit and the reply, here simulated at the two places it can happen): the
/// re-send gets the original event, never a second one, with or without event_date.
/// </summary>
public sealed class IdempotencyAfterFailureTests(BettingFixture fixture) : IClassFixture<BettingFixture>
{
    /// <summary>
    /// Where the answer is lost: the bet slip's commit went through and its answer did not come back,
    /// or the event committed and the key's own record of the answer did not; with and without event_date.
    /// </summary>
    public static TheoryData<string, bool> LostAnswers => new()
    {
        { "after the event's commit", false },
        { "after the event's commit", true },
        { "before the key's answer is kept", false },
        { "before the key's answer is kept", true },
        { "when the key's answer cannot be serialised", false },
    };

    [Theory]
    [MemberData(nameof(LostAnswers))]
    public async Task AReSendAfterTheCommitGetsTheOriginalEventNotASecondOne(string where, bool withEventDate)
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var slip = $"slip_{Guid.NewGuid():N}";
        var json = Example("single-new-bet", j =>
        {
            j["tax_id"] = NewCpf();
            j["bet_slip_id"] = slip;
            if (!withEventDate)
            {
                j.Remove("event_date");
            }
        });
        var key = Guid.NewGuid().ToString();
        if (where == "after the event's commit")
        {
            fixture.Silo.Faults.LoseNextAnswer("bet_slip");
        }
        else if (where == "before the key's answer is kept")
        {
            fixture.Silo.Faults.FailNextWrite("betting_idempotency");
        }
        else
        {
            fixture.Silo.Faults.FailNextSerialisation<Lottopar.Grains.Betting.BettingIdempotencyState>();
        }

        var lost = await PostAsync(client, json, key);
        var resent = await AcceptedAsync(await PostAsync(client, json, key));
        var again = await AcceptedAsync(await PostAsync(client, json, key));

        Assert.Equal(HttpStatusCode.InternalServerError, lost.StatusCode);
        Assert.True(resent["replayed"]!.GetValue<bool>());
        Assert.Equal(resent["event_id"]!.ToString(), again["event_id"]!.ToString());
        Assert.Equal(1, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}' and bet_slip_id = '{slip}'"));
        await Expect.StatusAsync(await client.GetAsync($"/betting-events/{resent["event_id"]}"), 200);
    }

    [Fact]
    public async Task AReSendWithTheSameKeyButAnotherBodyAfterTheCommitIsRefused()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var cpf = NewCpf();
        var slip = $"slip_{Guid.NewGuid():N}";
        var first = Example("single-new-bet", j => { j["tax_id"] = cpf; j["bet_slip_id"] = slip; j.Remove("event_date"); });
        var other = Example("single-new-bet", j => { j["tax_id"] = cpf; j["bet_slip_id"] = slip; j.Remove("event_date"); j["total_stake"] = 9999; });
        var key = Guid.NewGuid().ToString();
        fixture.Silo.Faults.FailNextWrite("betting_idempotency");
        await PostAsync(client, first, key);

        var problem = await Expect.ProblemAsync(await PostAsync(client, other, key), (HttpStatusCode)422, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(1, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}' and bet_slip_id = '{slip}'"));
    }

    [Fact]
    public async Task APlayerWhoseEventsAnswerWasLostStaysContinuous()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = NewCpf();
        var bet = Example("single-new-bet", j => { j["tax_id"] = cpf; j["bet_slip_id"] = $"slip_{Guid.NewGuid():N}"; j.Remove("event_date"); });
        var key = Guid.NewGuid().ToString();
        fixture.Silo.Faults.LoseNextAnswer("bet_slip");
        await PostAsync(client, bet, key);
        await PostAsync(client, bet, key);
        var first = System.Text.Json.Nodes.JsonNode.Parse(bet)!;

        var next = await AcceptedAsync(await PostAsync(client, Example("single-new-bet", j =>
        {
            j["tax_id"] = cpf;
            j["bet_slip_id"] = $"slip_{Guid.NewGuid():N}";
            j["last_player_balance"] = first["current_player_balance"]!.GetValue<long>();
            j["current_player_balance"] = first["current_player_balance"]!.GetValue<long>() - 100;
            j["total_stake"] = 100;
            j.Remove("event_date");
        })));

        Assert.Empty(next["flags"]!.AsArray());
        var summary = await Expect.JsonAsync(await client.GetAsync($"/players/{cpf}/summary"));
        Assert.Equal(2, summary.GetProperty("events").GetInt64());
    }
}
