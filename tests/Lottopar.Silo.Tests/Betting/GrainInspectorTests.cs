using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;
using static Lottopar.Silo.Tests.Betting.BettingFixture;

namespace Lottopar.Silo.Tests.Betting;

/// <summary>GET /admin/grains/{type}/{key}: a grain's stored state for LOTTOPAR staff, audited, without secrets.</summary>
public sealed class GrainInspectorTests(BettingFixture fixture) : IClassFixture<BettingFixture>
{
    [Fact]
    public async Task StaffSeeAPlayersStoredStateByCpfAndTheReadIsAudited()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var cpf = NewCpf();
        await AcceptedAsync(await PostAsync(client, Example("multiple-new-bet", j => { j["tax_id"] = cpf; j["last_player_balance"] = 50000; })));
        var auditor = await fixture.Silo.StaffAsync([StaffRole.Auditor.WireName()], oprid: null);

        var inspected = await Expect.JsonAsync(await auditor.GetAsync($"/admin/grains/player/{cpf}"));

        Assert.True(Cpf.TryNormalize(cpf, out var digits));
        Assert.Equal(Cpf.Mask(digits), inspected.GetProperty("key").GetString());
        Assert.Equal(JsonValueKind.Null, inspected.GetProperty("version").ValueKind); // no snapshot yet: the state comes from the grain
        Assert.Contains(oprid, inspected.GetProperty("state").GetRawText());

        var audit = await Eventually.HoldsAsync(
            async () => (await auditor.GetFromJsonAsync<JsonElement>($"/admin/audit?action=grain.state_inspected&targetId=player/{Cpf.Mask(digits)}")).EnumerateArray().ToList(),
            entries => entries.Count == 1,
            "the read is in the audit log");
        Assert.Equal("staff", audit[0].GetProperty("actorKind").GetString());
        Assert.DoesNotContain(digits, audit[0].GetRawText());
    }

    [Fact]
    public async Task AGrainWithoutStoredStateIsNotFoundAndItsReadIsAuditedToo()
    {
        var auditor = await fixture.Silo.StaffAsync([StaffRole.Auditor.WireName()], oprid: null);
        var cpf = NewCpf();
        Assert.True(Cpf.TryNormalize(cpf, out var digits));

        await Expect.JsonAsync(await auditor.GetAsync($"/admin/grains/player/{digits}"), 404);
        await Eventually.HoldsAsync(
            async () => (await auditor.GetFromJsonAsync<JsonElement>($"/admin/audit?action=grain.state_inspected&targetId=player/{Cpf.Mask(digits)}")).GetArrayLength(),
            n => n == 1,
            "the attempt is in the audit log");
    }

    [Fact]
    public async Task KeysWithSlashesReachTheirGrain()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        await AcceptedAsync(await PostAsync(client, Example("multiple-new-bet", j => j["tax_id"] = NewCpf())));
        var admin = await fixture.Silo.AdminAsync();

        var slip = await Expect.JsonAsync(await admin.GetAsync($"/admin/grains/bet_slip/{oprid}/slip_multiple_456"));
        Assert.Equal($"{oprid}/slip_multiple_456", slip.GetProperty("key").GetString());
    }

    [Theory]
    [InlineData("staff_user")]
    [InlineData("staff_session")]
    [InlineData("api_credentials")]
    [InlineData("vault_credentials")]
    [InlineData("no_such_type")]
    public async Task GrainsHoldingSecretsAreNotInspectable(string type)
    {
        var admin = await fixture.Silo.AdminAsync();
        var body = await Expect.JsonAsync(await admin.GetAsync($"/admin/grains/{type}/anything"), 404);
        Assert.Contains("not inspectable", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task APlayerIsLookedUpByAValidCpfOnly()
    {
        var admin = await fixture.Silo.AdminAsync();
        var body = await Expect.JsonAsync(await admin.GetAsync("/admin/grains/player/123.456.789-00"), 422);
        Assert.True(body.GetProperty("errors").TryGetProperty("key", out _));
    }

    [Fact]
    public async Task OperatorsAndApiKeysCannotInspect()
    {
        var (oprid, client) = await fixture.NewOperatorAsync();
        var operatorStaff = await fixture.Silo.StaffAsync([StaffRole.OperatorAdmin.WireName()], oprid);

        await Expect.StatusAsync(await client.GetAsync($"/admin/grains/operator/{oprid}"), 401);
        await Expect.StatusAsync(await operatorStaff.GetAsync($"/admin/grains/operator/{oprid}"), 403);
        await Expect.StatusAsync(await fixture.Silo.CreateClient().GetAsync("/admin/grains/"), 401);
    }
}
