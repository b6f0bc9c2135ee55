using Lottopar.GrainInterfaces.Betting;
using Lottopar.Grains.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;
using static Lottopar.Silo.Tests.Betting.BettingFixture;

namespace Lottopar.Silo.Tests.Betting;

/// <summary>
/// The betting grains failing at their write or at the serialisation of their state or event:
/// the failed request leaves nothing (no row, nothing in memory), and the same request afterwards
/// is a first event, not a replay. A player whose snapshot cannot be written loses nothing.
/// </summary>
public sealed class BettingFailureTests(BettingFixture fixture) : IClassFixture<BettingFixture>
{
    public static TheoryData<string> SlipFaults => ["slip write", "slip state", "betting record"];

    [Theory]
    [MemberData(nameof(SlipFaults))]
    public async Task ABetSlipThatFailsKeepsNothingOfTheFailedEvent(string fault)
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var slip = $"slip_{Guid.NewGuid():N}";
        var json = Example("single-new-bet", j => { j["tax_id"] = NewCpf(); j["bet_slip_id"] = slip; });
        Arm(fault);

        var failed = await PostAsync(client, json);
        var retried = await AcceptedAsync(await PostAsync(client, json));

        Assert.Equal(500, (int)failed.StatusCode);
        Assert.False(retried["replayed"]!.GetValue<bool>());
        var view = await Expect.JsonAsync(await client.GetAsync($"/bet-slips/{slip}"));
        Assert.Single(view.GetProperty("history").EnumerateArray());
        Assert.Equal(1, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}' and bet_slip_id = '{slip}'"));
    }

    [Theory]
    [InlineData("player write")]
    [InlineData("player state")]
    public async Task APlayerWhoseSnapshotFailsLosesNothing(string fault)
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = NewCpf();
        var balance = 1_000_000L;
        for (var i = 0; i < PlayerGrain.SnapshotEvery; i++)
        {
            if (i == PlayerGrain.SnapshotEvery - 1)
            {
                Arm(fault);
            }

            var accepted = await AcceptedAsync(await PostAsync(client, Example("single-new-bet", j =>
            {
                j["tax_id"] = cpf;
                j["bet_slip_id"] = $"slip_{Guid.NewGuid():N}";
                j["last_player_balance"] = balance;
                j["current_player_balance"] = balance - 100;
                j["total_stake"] = 100;
                j.Remove("event_date");
            })));
            Assert.Empty(accepted["flags"]!.AsArray());
            balance -= 100;
        }

        var summary = await Expect.JsonAsync(await client.GetAsync($"/players/{cpf}/summary"));
        Assert.Equal((PlayerGrain.SnapshotEvery, balance), (summary.GetProperty("events").GetInt64(), summary.GetProperty("last_reported_balance").GetInt64()));
    }

    private void Arm(string fault)
    {
        var faults = fixture.Silo.Faults;
        switch (fault)
        {
            case "slip write":
                faults.FailNextWrite("bet_slip");
                break;
            case "player write":
                faults.FailNextWrite("player");
                break;
            case "slip state":
                faults.FailNextSerialisation<BetSlipGrainState>();
                break;
            case "betting record":
                faults.FailNextSerialisation<BettingEventRecord>();
                break;
            case "player state":
                faults.FailNextSerialisation<PlayerState>();
                break;
        }
    }
}
