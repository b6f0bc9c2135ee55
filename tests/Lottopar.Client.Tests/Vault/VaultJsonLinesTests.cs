using System.Text;
using System.Xml.Linq;
using Lottopar.Client.Vault;
using Xunit;

namespace Lottopar.Client.Tests.Vault;

/// <summary>Files built from JSON lines: every field comes through, in the schema's order, records sorted as section 5 says; bad lines are named.</summary>
public sealed class VaultJsonLinesTests : IDisposable
{
    private static readonly XNamespace Ns = VaultFileChecks.Ns;

    // Out of order on purpose: times, types at the same instant, and fields inside records.
    private const string Lines = """
        {"type":"header","oprid":"OPR-000042","hour":"2026-12-03T10:00:00-03:00","sequence":7,"created_at":"2026-12-03T11:00:05-03:00"}
        {"type":"annulment","id":"ANU-1","at":"2026-12-03T10:55:00-03:00","reason":"Depósito em duplicidade & erro","annuls_date":"2026-12-02","annuls":"DEP-0"}
        {"type":"correction","id":"COR-1","at":"2026-12-03T10:55:00-03:00","corrects":"BET-0","corrects_date":"2026-12-03","bet":{"amount":2000,"leg_ids":["round_1"],"id":"BET-0","at":"2026-12-03T09:14:00-03:00","cpf":"11144477735","game_type":"online_game","bet_slip_id":"slip-0"}}
        {"type":"bet","id":"BET-1","at":"2026-12-03T10:15:00.250-03:00","amount":5000,"is_free_bet":false,"cpf":"52998224725","leg_ids":["leg_001","leg_002"],"game_type":"sports","bet_slip_id":"slip_multiple_456","bonus_amount":0}
        {"type":"deposit","id":"DEP-1","at":"2026-12-03T10:12:30-03:00","cpf":"52998224725","amount":10000,"txid":"7f3c9a1b2d4e6f8091a2b3c4d5e6f7a8","end_to_end_id":"E18236120202612031312k7Q2m9X4p1Z","result":"completed","device":"Android 14; app 5.2.1","ip_address":"177.105.32.14"}
        {"type":"self_exclusion","id":"SEX-1","at":"2026-12-03T10:12:30-03:00","cpf":"39053344705","source":"player","duration":{"value":7,"unit":"days"},"starts_at":"2026-12-03T10:12:30-03:00"}

        {"type":"self_exclusion","id":"SEX-2","at":"2026-12-03T10:01:00-03:00","cpf":"15350946056","starts_at":"2026-12-03T10:01:00-03:00","indefinite":true,"source":"national_register"}
        {"type":"registration_update","id":"UPD-1","at":"2026-12-03T13:01:00Z","cpf":"11144477735","limits":[],"phone":"+5543991234567"}
        {"type":"withdrawal","id":"SAQ-1","at":"2026-12-03T10:20:00-03:00","cpf":"15350946056","amount":25000,"txid":"b81e4c07d95a3f62e10c7a4d98b3f215","result":"cancelled_by_psp","device":"Chrome 131; Windows 11","ip_address":"2804:14c:5b80:1::2a"}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("lottopar-vault-build-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheBuiltFileKeepsEveryFieldInSchemaOrderAndSortsTheRecords()
    {
        var lines = VaultJsonLines.Read(new StringReader(Lines));
        var header = new VaultHeaderFields().Over(lines.Header).Complete(DateTimeOffset.UnixEpoch);
        var path = Path.Combine(_directory, header.XmlFileName);
        using (var stream = File.Create(path))
        {
            lines.Write(stream, header);
        }

        var document = VaultFileChecks.Check(path);
        var records = VaultFileChecks.Records(document).ToList();
        // 13:01Z and 10:01-03:00 are one instant: the registration_update goes before the self_exclusion, as do correction and annulment at 10:55.
        Assert.Equal(["UPD-1", "SEX-2", "SEX-1", "DEP-1", "BET-1", "SAQ-1", "COR-1", "ANU-1"], records.Select(r => r.Attribute("id")!.Value));
        var bet = records[4];
        Assert.Equal(["cpf", "game_type", "bet_slip_id", "leg_ids", "amount", "bonus_amount", "is_free_bet"], bet.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(["leg_001", "leg_002"], bet.Element(Ns + "leg_ids")!.Elements().Select(e => e.Value));
        Assert.Equal("2026-12-03T10:15:00.250-03:00", bet.Attribute("at")!.Value);
        Assert.Equal("days", records[2].Element(Ns + "duration")!.Attribute("unit")!.Value);
        Assert.Equal("7", records[2].Element(Ns + "duration")!.Value);
        Assert.NotNull(records[1].Element(Ns + "indefinite"));
        Assert.Equal("2000", records[6].Element(Ns + "bet")!.Element(Ns + "amount")!.Value);
        Assert.Equal("Depósito em duplicidade & erro", records[7].Element(Ns + "reason")!.Value);
        Assert.Empty(records[0].Element(Ns + "limits")!.Elements());
        var totals = document.Root!.Element(Ns + "header")!.Element(Ns + "totals")!.Elements().ToDictionary(t => t.Attribute("type")!.Value);
        Assert.Equal("5000", totals["bet"].Attribute("amount")!.Value);
        Assert.Equal("25000", totals["withdrawal"].Attribute("amount")!.Value);
        Assert.Equal("2", totals["self_exclusion"].Attribute("records")!.Value);
    }

    [Theory]
    [InlineData("""{"type":"bet","id":"B","at":"2026-12-03T10:15:00-03:00","cpf":"52998224726","game_type":"sports","bet_slip_id":"s","leg_ids":["l"],"amount":1}""", "cpf")]
    [InlineData("""{"type":"bet","id":"B","at":"2026-12-03T10:15:00-03:00","cpf":"52998224725","game_type":"sports","bet_slip_id":"s","leg_ids":["l"]}""", "amount")]
    [InlineData("""{"type":"bet","id":"B","at":"2026-12-03T10:15:00-03:00","cpf":"52998224725","game_type":"sports","bet_slip_id":"s","leg_ids":["l"],"amount":1,"stake":1}""", "stake")]
    [InlineData("""{"type":"bet","id":"B","at":"2026-12-03T10:15:00-03:00","cpf":"52998224725","game_type":"poker","bet_slip_id":"s","leg_ids":["l"],"amount":1}""", "game_type")]
    [InlineData("""{"type":"bet","id":"B","at":"2026-12-03T10:15:00-03:00","cpf":"52998224725","game_type":"sports","bet_slip_id":"s","leg_ids":["bad id"],"amount":1}""", "leg_ids[0]")]
    [InlineData("""{"type":"bet","id":"B","at":"2026-12-03T10:15:00-03:00","cpf":"52998224725","game_type":"sports","bet_slip_id":"s","leg_ids":["l"],"amount":-5}""", "amount")]
    [InlineData("""{"type":"login","id":"L","at":"2026-12-03T10:15:00","cpf":"52998224725","session_id":"s","device":"d","ip_address":"1.2.3.4"}""", "at")]
    [InlineData("""{"type":"login","id":"L","at":"2026-12-03T11:15:00-03:00","cpf":"52998224725","session_id":"s","device":"d","ip_address":"1.2.3.4"}""", "at")]
    [InlineData("""{"type":"self_exclusion","id":"S","at":"2026-12-03T10:15:00-03:00","cpf":"52998224725","starts_at":"2026-12-03T10:15:00-03:00","indefinite":true,"duration":{"unit":"days","value":1},"source":"player"}""", "indefinite")]
    [InlineData("""{"type":"correction","id":"C","at":"2026-12-03T10:15:00-03:00","corrects":"X","corrects_date":"2026-12-03","logout":{"id":"Y","at":"2026-12-03T10:00:00-03:00","cpf":"52998224725","session_id":"s","reason":"player"}}""", "logout.id")]
    [InlineData("""{"type":"registration_update","id":"U","at":"2026-12-03T10:15:00-03:00","cpf":"52998224725","address":{"street":"R","number":"1","district":"D","city":"C","state":"XX","postal_code":"80000000"}}""", "address.state")]
    [InlineData("""{"type":"betting","id":"B","at":"2026-12-03T10:15:00-03:00"}""", "type")]
    [InlineData("""{"type":"bet","id":"B",""", null)]
    public void ABadLineIsRefusedWithItsLineAndField(string line, string? field)
    {
        var input = Lines.Split('\n')[0] + "\n" + """{"type":"logout","id":"OK-1","at":"2026-12-03T10:00:00-03:00","cpf":"52998224725","session_id":"s","reason":"player"}""" + "\n" + line;

        var error = Assert.Throws<VaultJsonLinesException>(() =>
        {
            var lines = VaultJsonLines.Read(new StringReader(input));
            lines.Write(Stream.Null, new VaultHeaderFields().Over(lines.Header).Complete(DateTimeOffset.UnixEpoch));
        });

        Assert.Equal(3, error.Line);
        Assert.Equal(field, error.Field);
        Assert.StartsWith(field is null ? "line 3: " : $"line 3, field {field}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARepeatedIdIsRefusedNamingBothLines()
    {
        var login = """{"type":"logout","id":"OK-1","at":"2026-12-03T10:00:00-03:00","cpf":"52998224725","session_id":"s","reason":"player"}""";

        var error = Assert.Throws<VaultJsonLinesException>(() => VaultJsonLines.Read(new StringReader(login + "\n" + login)));

        Assert.Equal("line 2, field id: OK-1 is also the id of line 1.", error.Message);
    }

    [Fact]
    public async Task TheBuildCommandTakesTheHeaderFromOptionsOverTheHeaderLine()
    {
        var input = Path.Combine(_directory, "records.jsonl");
        var output = Path.Combine(_directory, "hour.xml");
        await File.WriteAllTextAsync(input, Lines, Encoding.UTF8);

        var (exitCode, text) = await CliHarness.RunAsync(["vault", "build", "--in", input, "--sequence", "9", "--part", "2", "--parts", "2", "--out", output]);

        Assert.Equal(0, exitCode);
        Assert.Contains("records=8", text, StringComparison.Ordinal);
        var header = VaultFileChecks.Check(output).Root!.Element(Ns + "header")!;
        Assert.Equal(["OPR-000042", "9", "2026-12-03T10:00:00-03:00", "2", "2", "2026-12-03T11:00:05-03:00"],
            header.Elements().Take(6).Select(e => e.Value));
    }

    [Fact]
    public async Task TheBuildCommandNamesTheBadLineAndWritesNothing()
    {
        var input = Path.Combine(_directory, "records.jsonl");
        var output = Path.Combine(_directory, "hour.xml");
        await File.WriteAllTextAsync(input, Lines.Replace("\"amount\":5000", "\"amount\":\"five\"", StringComparison.Ordinal), Encoding.UTF8);

        var (exitCode, text) = await CliHarness.RunAsync(["vault", "build", "--in", input, "--out", output]);

        Assert.Equal(1, exitCode);
        Assert.Contains("lottopar vault build: line 4, field amount:", text, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
