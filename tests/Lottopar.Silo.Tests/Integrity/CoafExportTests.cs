using System.Net;
using System.Net.Http.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>A suspicious-transaction case exported in the layout LOTTOPAR files with COAF: valid against docs/coaf-export.xsd, complete, audited.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class CoafExportTests(IntegrityFixture fixture)
{
    private static readonly XNamespace Ns = "urn:lottopar:coaf:1";

    [Fact]
    public async Task AClassifiedCaseIsExportedWithItsPeopleOperationsAndAccountAndTheExportIsAudited()
    {
        var (oprid, client) = await fixture.OperatorAsync("betting-events", "read");
        var cpf = BettingFixture.NewCpf();
        var digits = new string([.. cpf.Where(char.IsAsciiDigit)]);
        var bets = new[] { await IntegrityFixture.BetAsync(client, cpf, j => j["bonus_amount"] = 500), await IntegrityFixture.BetAsync(client, cpf, j => j["bonus_amount"] = 700) };
        var alert = await IntegrityFixture.AlertAsync(client, "rule=bonus_bet", a => bets.All(b => IntegrityFixture.HasEvidence(a, b)), "both bonus bets");
        var analyst = await fixture.Silo.StaffAsync(["integrity-analyst"], oprid: null);
        var id = (await Expect.JsonAsync(await analyst.PostAsJsonAsync("/admin/integrity/cases", new { title = "Bônus em sequência", alertIds = new[] { alert.GetProperty("id").GetString() } }), 201))
            .GetProperty("id").GetString();

        var unclassified = await Expect.ProblemAsync(await analyst.GetAsync($"/admin/integrity/cases/{id}/coaf"), HttpStatusCode.Conflict, "conflict");
        Assert.Contains("classify", unclassified.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Expect.StatusAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/classify", new { category = "money_laundering" }), 200);
        await Expect.StatusAsync(await analyst.PostAsJsonAsync($"/admin/integrity/cases/{id}/comments", new { text = "Depósitos fracionados antes das apostas." }), 200);
        var auditor = await fixture.Silo.StaffAsync(["auditor"], oprid: null);
        await Expect.ProblemAsync(await auditor.GetAsync($"/admin/integrity/cases/{id}/coaf"), HttpStatusCode.Forbidden, "forbidden");
        Assert.True((await client.GetAsync($"/admin/integrity/cases/{id}/coaf")).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);

        var response = await analyst.GetAsync($"/admin/integrity/cases/{id}/coaf");

        Assert.Equal((HttpStatusCode.OK, "application/xml"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        Assert.Equal($"coaf-{id}.xml", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var document = Validated(await response.Content.ReadAsStreamAsync());
        var occurrence = document.Root!.Element(Ns + "ocorrencia")!;
        Assert.Equal((id, "money_laundering", "10000"), ((string?)occurrence.Element(Ns + "numero"), (string?)occurrence.Element(Ns + "categoria"), (string?)occurrence.Element(Ns + "valor_total")));
        var people = occurrence.Element(Ns + "envolvidos")!.Elements(Ns + "envolvido").ToDictionary(e => (string)e.Attribute("tipo")!);
        Assert.Equal(("F", digits), ((string?)people["titular"].Element(Ns + "tipo_pessoa"), (string?)people["titular"].Element(Ns + "cpf_cnpj")));
        Assert.Equal(("J", oprid), ((string?)people["operador"].Element(Ns + "tipo_pessoa"), (string?)people["operador"].Element(Ns + "oprid")));
        var operations = occurrence.Element(Ns + "operacoes")!.Elements(Ns + "operacao").ToList();
        Assert.Equal(bets, operations.Select(o => (string?)o.Element(Ns + "id")));
        Assert.All(operations, o => Assert.Equal(("betting_event", "5000", "bonus_bet@1"), ((string?)o.Element(Ns + "tipo"), (string?)o.Element(Ns + "valor"), (string?)o.Element(Ns + "regra"))));
        Assert.Contains("Depósitos fracionados antes das apostas.", (string?)occurrence.Element(Ns + "informacoes_adicionais"), StringComparison.Ordinal);

        var audited = await Eventually.HoldsAsync(
            async () => (await Expect.JsonAsync(await fixture.Admin.GetAsync("/admin/audit?action=integrity_case.coaf_exported"))).EnumerateArray().Select(e => e.GetProperty("targetId").GetString()).ToList(),
            ids => ids.Contains(id), "the export in the audit log");
        Assert.Single(audited, id);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lottopar.Actors.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository's root was not found above the test's directory.");
    }

    /// <summary>The document, read while validating it against docs/coaf-export.xsd (any error fails the test).</summary>
    private static XDocument Validated(Stream xml)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add("urn:lottopar:coaf:1", Path.Combine(RepositoryRoot(), "docs", "coaf-export.xsd"));
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationEventHandler += (_, e) => throw new Xunit.Sdk.XunitException($"Not valid against coaf-export.xsd: {e.Message}");
        using var reader = XmlReader.Create(xml, settings);
        return XDocument.Load(reader);
    }
}
