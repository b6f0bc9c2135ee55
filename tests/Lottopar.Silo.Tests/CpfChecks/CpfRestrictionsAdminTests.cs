using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests.CpfChecks;

/// <summary>LOTTOPAR's lists through the admin API: who may change and read them, what is refused, what the audit keeps.</summary>
public sealed class CpfRestrictionsAdminTests(CpfFixture fixture) : IClassFixture<CpfFixture>
{
    [Fact]
    public async Task StaffReadTheListWithCpfsMaskedAndFiltered()
    {
        var cpf = CpfFixture.NewCpf();
        await fixture.AddRestrictionAsync(new { cpf, kind = "barred", category = "gambling_disorder", note = "Laudo médico (processo 77/2026)" });
        var auditor = await fixture.Silo.StaffAsync(["auditor"], oprid: null);

        var list = await Expect.JsonAsync(await auditor.GetAsync("/admin/cpf-restrictions?kind=barred&category=gambling_disorder&in_force=true"));
        var mine = list.EnumerateArray().Where(e => e.GetProperty("cpf").GetString() == Cpf.Mask(cpf)).ToList();
        Assert.Single(mine);
        Assert.Equal("gambling_disorder", mine[0].GetProperty("category").GetString());
        Assert.DoesNotContain(cpf, list.GetRawText());
        Assert.All(list.EnumerateArray(), e => Assert.Equal("gambling_disorder", e.GetProperty("category").GetString()));

        var lookup = await Expect.JsonAsync(await auditor.PostAsJsonAsync("/admin/cpf-restrictions/lookup", new { cpf = Cpf.Format(cpf) }));
        Assert.Equal("Laudo médico (processo 77/2026)", Assert.Single(lookup.EnumerateArray()).GetProperty("note").GetString());
    }

    [Fact]
    public async Task OnlyLottoparAdminsChangeTheLists()
    {
        var cpf = CpfFixture.NewCpf();
        var body = new { cpf, kind = "barred", category = "operator_staff", note = "Diretor" };
        var auditor = await fixture.Silo.StaffAsync(["auditor"], oprid: null);
        var oprid = await PlatformHost.OnboardAsync(fixture.Admin);
        var operatorAdmin = await fixture.Silo.StaffAsync(["operator-admin"], oprid);
        var (_, operatorKey) = await fixture.NewOperatorAsync("cpf", "read");

        await Expect.StatusAsync(await auditor.PostAsJsonAsync("/admin/cpf-restrictions", body), 403);
        await Expect.StatusAsync(await operatorAdmin.PostAsJsonAsync("/admin/cpf-restrictions", body), 403);
        Assert.Contains((int)(await operatorKey.PostAsJsonAsync("/admin/cpf-restrictions", body)).StatusCode, new[] { 401, 403 });
        Assert.Contains((int)(await operatorKey.PostAsJsonAsync("/admin/cpf-restrictions/lookup", new { cpf })).StatusCode, new[] { 401, 403 });
        Assert.Contains((int)(await operatorKey.GetAsync("/admin/cpf-restrictions")).StatusCode, new[] { 401, 403 });

        var lookup = await Expect.JsonAsync(await fixture.Admin.PostAsJsonAsync("/admin/cpf-restrictions/lookup", new { cpf }));
        Assert.Equal(0, lookup.GetArrayLength());
    }

    [Theory]
    [InlineData("{\"cpf\":\"12345678900\",\"kind\":\"barred\",\"category\":\"operator_staff\",\"note\":\"x\"}", "cpf")]
    [InlineData("{\"cpf\":\"VALID\",\"kind\":\"banned\",\"note\":\"x\"}", "kind")]
    [InlineData("{\"cpf\":\"VALID\",\"kind\":\"barred\",\"category\":\"friend\",\"note\":\"x\"}", "category")]
    [InlineData("{\"cpf\":\"VALID\",\"kind\":\"barred\",\"note\":\"x\"}", "category")]
    [InlineData("{\"cpf\":\"VALID\",\"kind\":\"self_exclusion\",\"category\":\"relative\",\"note\":\"x\"}", "category")]
    [InlineData("{\"cpf\":\"VALID\",\"kind\":\"barred\",\"category\":\"relative\",\"note\":\" \"}", "note")]
    [InlineData("{\"cpf\":\"VALID\",\"kind\":\"self_exclusion\",\"since\":\"2026-12-10T00:00:00Z\",\"until\":\"2026-12-09T00:00:00Z\",\"note\":\"x\"}", "until")]
    public async Task BadEntriesAre422NamingTheFieldAndChangeNothing(string json, string field)
    {
        var cpf = CpfFixture.NewCpf();
        var content = new StringContent(json.Replace("VALID", cpf, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");

        var problem = await Expect.ProblemAsync(await fixture.Admin.PostAsync("/admin/cpf-restrictions", content), HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        var lookup = await Expect.JsonAsync(await fixture.Admin.PostAsJsonAsync("/admin/cpf-restrictions/lookup", new { cpf }));
        Assert.Equal(0, lookup.GetArrayLength());
    }

    [Fact]
    public async Task EveryChangeIsAuditedWithoutTheFullCpf()
    {
        var cpf = CpfFixture.NewCpf();
        var entry = await fixture.AddRestrictionAsync(new { cpf, kind = "barred", category = "betting_systems_access", note = "Fornecedor da plataforma X" });
        await Expect.StatusAsync(await fixture.Admin.PostAsJsonAsync($"/admin/cpf-restrictions/{entry.GetProperty("id").GetGuid()}/remove", new { cpf, reason = "Contrato encerrado" }), 200);

        var audit = await WaitForAuditAsync(2);
        Assert.Equal(["cpf_restriction.added", "cpf_restriction.removed"], audit.Select(a => a.GetProperty("action").GetString()).Order());
        Assert.All(audit, a => Assert.DoesNotContain(cpf, a.GetRawText()));
        Assert.All(audit, a => Assert.Contains(Cpf.Mask(cpf), a.GetRawText()));

        async Task<List<JsonElement>> WaitForAuditAsync(int count)
        {
            for (var attempt = 0; ; attempt++)
            {
                var page = await Expect.JsonAsync(await fixture.Admin.GetAsync("/admin/audit?targetType=cpf_restriction&limit=1000"));
                var found = page.EnumerateArray().Where(a => a.GetRawText().Contains(Cpf.Mask(cpf), StringComparison.Ordinal)).ToList();
                if (found.Count >= count || attempt == 50)
                {
                    return found;
                }

                await Task.Delay(100);
            }
        }
    }

    [Fact]
    public async Task AdminsSetTheSandboxRegistrysAnswersInHomologation()
    {
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();

        var set = await fixture.Admin.PutAsJsonAsync("/admin/sandbox/tax-registry", new { cpf, name = "Maria Souza", status = "titular_falecido", birthDate = "1941-03-02" });
        Assert.Equal(Cpf.Mask(cpf), (await Expect.JsonAsync(set)).GetProperty("cpf").GetString());
        Assert.Equal((false, "holder_deceased"), await CpfFixture.CheckAsync(client, cpf));

        var bad = await fixture.Admin.PutAsJsonAsync("/admin/sandbox/tax-registry", new { cpf, name = "Maria Souza", status = "morta", birthDate = "1941-03-02" });
        Assert.True((await Expect.ProblemAsync(bad, HttpStatusCode.UnprocessableEntity, "validation_failed")).GetProperty("errors").TryGetProperty("status", out _));
        var auditor = await fixture.Silo.StaffAsync(["auditor"], oprid: null);
        await Expect.StatusAsync(await auditor.PutAsJsonAsync("/admin/sandbox/tax-registry", new { cpf, unknown = true }), 403);
    }
}
