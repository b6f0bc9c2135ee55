using System.Net;
using System.Net.Http.Json;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;
using static Lottopar.Silo.Tests.Betting.BettingFixture;

namespace Lottopar.Silo.Tests.Betting;

/// <summary>An operator's key never reads or writes another operator's events, slips or players.</summary>
public sealed class BettingIsolationTests(BettingFixture fixture) : IClassFixture<BettingFixture>
{
    [Fact]
    public async Task AnotherOperatorsKeyFindsNoneOfTheseEventsSlipsOrPlayers()
    {
        var (_, clientA) = await fixture.NewOperatorAsync();
        var (oprB, clientB) = await fixture.NewOperatorAsync();
        var cpf = NewCpf();
        var accepted = await AcceptedAsync(await PostAsync(clientA, Example("single-new-bet", j => { j["tax_id"] = cpf; j["bet_slip_id"] = "shared-name"; })));
        var eventId = accepted["event_id"]!.GetValue<string>();

        await Expect.ProblemAsync(await clientB.GetAsync($"/betting-events/{eventId}"), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await clientB.GetAsync("/bet-slips/shared-name"), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await clientB.GetAsync($"/players/{cpf}/summary"), HttpStatusCode.NotFound, "not_found");

        // B's slip of the same name is B's own: a new bet, not a duplicate of A's.
        var ofB = await AcceptedAsync(await PostAsync(clientB, Example("single-new-bet", j => { j["tax_id"] = cpf; j["bet_slip_id"] = "shared-name"; })));
        Assert.Empty(ofB["flags"]!.AsArray());
        Assert.False(ofB["replayed"]!.GetValue<bool>());
        var slipOfB = await Expect.JsonAsync(await clientB.GetAsync("/bet-slips/shared-name"));
        Assert.Equal(oprB, slipOfB.GetProperty("oprid").GetString());
        Assert.Equal(1, slipOfB.GetProperty("history").GetArrayLength());
        var slipOfA = await Expect.JsonAsync(await clientA.GetAsync("/bet-slips/shared-name"));
        Assert.Equal(1, slipOfA.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task PostingNeedsTheBettingEventsScopeAndAnApiKey()
    {
        var oprid = await PlatformHost.OnboardAsync(fixture.Admin);
        var readOnly = fixture.Silo.WithApiKey(await PlatformHost.IssueKeyAsync(fixture.Admin, oprid, "homologation", "read"));

        await Expect.ProblemAsync(await PostAsync(readOnly, DocumentExample("single-new-bet")), HttpStatusCode.Forbidden, "scope_missing");
        await Expect.StatusAsync(await PostAsync(fixture.Admin, DocumentExample("single-new-bet")), 401);
        await Expect.StatusAsync(await PostAsync(fixture.Silo.CreateClient(), DocumentExample("single-new-bet")), 401);
    }

    [Fact]
    public async Task LottoparStaffHaveNoOperatorViewOnTheseRoutes()
    {
        await Expect.ProblemAsync(await fixture.Admin.GetAsync($"/players/{NewCpf()}/summary"), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await fixture.Admin.GetAsync("/bet-slips/any"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task OperatorStaffReadTheirOperatorsSlips()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        await AcceptedAsync(await PostAsync(client, Example("single-new-bet", j => { j["tax_id"] = NewCpf(); j["bet_slip_id"] = "staff-view"; })));
        var viewer = await fixture.Silo.StaffAsync(["operator-viewer"], oprid);

        var slip = await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>("/bet-slips/staff-view");

        Assert.Equal("open", slip.GetProperty("state").GetString());
    }
}

/// <summary>A silo restart between events: the slip and the player pick up where they were.</summary>
public sealed class BettingRestartTests
{
    [Fact]
    public async Task CrashBetweenNewBetAndResultKeepsTheSlipAndReplaysThePlayersBalance()
    {
        var first = await PlatformHost.StartAsync();
        var admin = await first.AdminAsync();
        var oprid = await PlatformHost.OnboardAsync(admin);
        var key = await PlatformHost.IssueKeyAsync(admin, oprid, "homologation", "betting-events");
        var cpf = NewCpf();
        await AcceptedAsync(await PostAsync(first.WithApiKey(key), Example("multiple-new-bet", j => { j["tax_id"] = cpf; j["last_player_balance"] = 50000; })));
        await first.StopKeepingDataAsync();
        // As if the silo had died before writing the player's snapshot: the event store alone must restore it.
        await first.Database.ExecuteAsync($"delete from grain_state where grain_type = 'player' and grain_key = '{new string(cpf.Where(char.IsAsciiDigit).ToArray())}'");

        var second = await PlatformHost.RestartAsync(first);
        try
        {
            var client = second.WithApiKey(key);
            var result = await AcceptedAsync(await PostAsync(client, Example("multiple-result", j => j["tax_id"] = cpf)));

            // The slip remembered its new_bet (no orphan) and the player its balance (no discontinuity).
            Assert.Equal("settled", result["bet_slip_state"]!.GetValue<string>());
            Assert.Empty(result["flags"]!.AsArray());
            var slip = await Expect.JsonAsync(await client.GetAsync("/bet-slips/slip_multiple_456"));
            Assert.Equal(2, slip.GetProperty("history").GetArrayLength());
            var summary = await Expect.JsonAsync(await client.GetAsync($"/players/{cpf}/summary"));
            Assert.Equal((102500L, 2L), (summary.GetProperty("last_reported_balance").GetInt64(), summary.GetProperty("events").GetInt64()));
        }
        finally
        {
            // The silo leaves the cluster (its membership row) before its database goes.
            await second.DisposeAsync();
            await first.Database.DropAsync();
            Directory.Delete(first.DataDirectory, recursive: true);
        }
    }
}
