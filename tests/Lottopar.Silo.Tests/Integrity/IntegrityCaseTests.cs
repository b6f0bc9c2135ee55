using System.Net;
using System.Net.Http.Json;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>LOTTOPAR analysts work alerts into cases; a closed case closes its alerts and gives their rules a false-positive rate.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class IntegrityCaseTests(IntegrityFixture fixture)
{
    [Fact]
    public async Task AnAnalystWorksAlertsIntoACaseWhoseClosureClosesThemAndCountsTowardsTheRulesFalsePositiveRate()
    {
        var (oprid, client) = await fixture.OperatorAsync("betting-events", "read");
        var bet = await IntegrityFixture.BetAsync(client, BettingFixture.NewCpf(), j => j["bonus_amount"] = 50);
        var bonus = (await IntegrityFixture.AlertAsync(client, "rule=bonus_bet", a => IntegrityFixture.HasEvidence(a, bet), "the bonus alert")).GetProperty("id").GetString();
        await fixture.PublishVaultAsync(oprid, "invalid_file", "Totais errados", Guid.NewGuid());
        var vault = (await IntegrityFixture.AlertAsync(client, "rule=vault_invalid_file", _ => true, "the vault alert")).GetProperty("id").GetString();
        var analystAccount = await fixture.Silo.CreateStaffAsync(["integrity-analyst"], oprid: null);
        var analyst = await fixture.Silo.SignInAsync(analystAccount.Email, analystAccount.Password, analystAccount.TotpSecret);
        var auditorAccount = await fixture.Silo.CreateStaffAsync(["auditor"], oprid: null);
        var auditor = await fixture.Silo.SignInAsync(auditorAccount.Email, auditorAccount.Password, auditorAccount.TotpSecret);

        await Expect.ProblemAsync(await auditor.PostAsJsonAsync("/admin/integrity/cases", new { title = "x", alertIds = new[] { bonus } }), HttpStatusCode.Forbidden, "forbidden");
        Assert.True((await client.PostAsJsonAsync("/admin/integrity/cases", new { title = "x", alertIds = new[] { bonus } })).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        var unknown = await Expect.ProblemAsync(await analyst.PostAsJsonAsync("/admin/integrity/cases", new { title = "x", alertIds = new[] { Guid.NewGuid() } }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(unknown.GetProperty("errors").TryGetProperty("alertIds", out _));
        var opened = await Expect.JsonAsync(await analyst.PostAsJsonAsync("/admin/integrity/cases", new { title = "Bônus e arquivo inválido", alertIds = new[] { bonus, vault } }), 201);
        var id = opened.GetProperty("id").GetString();
        Assert.Equal(("open", 1, 2), (opened.GetProperty("status").GetString(), opened.GetProperty("level").GetInt32(), opened.GetProperty("alerts").GetArrayLength()));

        await Expect.ProblemAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/assign", new { assignee = auditorAccount.Email }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        await Expect.StatusAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/assign", new { assignee = analystAccount.Email.ToUpperInvariant() }), 200);
        await Expect.StatusAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/comments", new { text = "Operador diz que o bônus foi erro de cadastro." }), 200);
        var file = "%PDF-1.4 evidência"u8.ToArray();
        var attached = await Expect.JsonAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/attachments", new { name = "oficio.pdf", mediaType = "application/pdf", contentBase64 = Convert.ToBase64String(file) }));
        var sha = attached.GetProperty("timeline").EnumerateArray().Last().GetProperty("attachment").GetProperty("sha256").GetString();
        var download = await auditor.GetAsync($"/admin/integrity/cases/{id}/attachments/{sha}");
        Assert.Equal((HttpStatusCode.OK, "application/pdf"), (download.StatusCode, download.Content.Headers.ContentType?.MediaType));
        Assert.Equal(file, await download.Content.ReadAsByteArrayAsync());
        await Expect.ProblemAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/attachments", new { name = "x.pdf", mediaType = "application/pdf", contentBase64 = "não é base64" }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        await Expect.StatusAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/escalate", new { reason = "Reincidente." }), 200);
        var top = await Expect.JsonAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/escalate", new { reason = "Diretoria." }));
        Assert.Equal((3, analystAccount.Email), (top.GetProperty("level").GetInt32(), top.GetProperty("assignee").GetString()));
        await Expect.ProblemAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/escalate", new { reason = "Mais?" }), HttpStatusCode.Conflict, "conflict");

        var closed = await Expect.JsonAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/close", new { resolution = "false_positive", text = "Bônus de cadastro estornado; arquivo reenviado." }));
        Assert.Equal(("closed", "false_positive"), (closed.GetProperty("status").GetString(), closed.GetProperty("resolution").GetString()));
        foreach (var alert in new[] { bonus, vault })
        {
            var view = await Expect.JsonAsync(await client.GetAsync($"/integrity/alerts/{alert}"));
            Assert.Equal("closed", view.GetProperty("status").GetString());
            Assert.Contains(id!, view.GetProperty("closure").GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        await Expect.ProblemAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/comments", new { text = "depois" }), HttpStatusCode.Conflict, "conflict");
        var listed = await Eventually.HoldsAsync(
            async () => (await Expect.JsonAsync(await auditor.GetAsync("/admin/integrity/cases?status=closed"))).EnumerateArray().ToList(),
            cases => cases.Any(c => c.GetProperty("id").GetString() == id), "the closed case is listed");
        var stats = (await Expect.JsonAsync(await auditor.GetAsync("/admin/integrity/rules/stats"))).EnumerateArray().ToDictionary(s => s.GetProperty("rule").GetString()!);
        Assert.True(stats["bonus_bet"].GetProperty("hitsLast7Days").GetInt64() >= 1);
        Assert.True(stats["vault_invalid_file"].GetProperty("falsePositives").GetInt64() >= 1);
        Assert.True(stats["vault_invalid_file"].GetProperty("falsePositiveRate").GetDouble() > 0);
        await Eventually.HoldsAsync(
            async () => (await Expect.JsonAsync(await fixture.Admin.GetAsync($"/admin/audit?targetType=integrity_case&targetId={id}"))).EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList(),
            actions => new[] { "opened", "assigned", "comment", "attachment", "escalated", "closed" }.All(a => actions.Contains($"integrity_case.{a}")), "every step is audited");
        await Expect.ProblemAsync(await auditor.GetAsync($"/admin/integrity/cases/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
    }
}
