using System.Xml.Linq;
using Lottopar.Client.Vault;
using Xunit;

namespace Lottopar.Client.Tests.Vault;

/// <summary>Generated hours checked by <see cref="VaultFileChecks"/> (the repository's XSD and the document's rules), not by the generator's own code.</summary>
public sealed class VaultHourGeneratorTests : IDisposable
{
    /// <summary>23:00 to 24:00 in Brasília: the day's last hour, which carries the daily wallets.</summary>
    private static readonly DateTimeOffset LastHourOfDay = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset MidDay = new(2026, 12, 3, 13, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("lottopar-vault-generate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(1, 5, null, 1)]
    [InlineData(2, 40, 400, 1)]
    [InlineData(3, 200, 3000, 1)]
    [InlineData(4, 120, 2000, 3)]
    [InlineData(5, 1, 60, 2)]
    [InlineData(6, 2000, 500, 1)]
    public void GeneratedFilesAreValidOrderedAndAddUp(int seed, int players, int? records, int parts)
    {
        foreach (var hour in new[] { MidDay, LastHourOfDay })
        {
            var files = Generate(new VaultHourOptions("OPR-000042", hour, 42, players, records, parts, seed));

            Assert.Equal(parts, files.Count);
            foreach (var (file, part) in files.Select((f, i) => (f, i + 1)))
            {
                var header = VaultFileChecks.Check(file).Root!.Element(VaultFileChecks.Ns + "header")!;
                Assert.Equal((41 + part).ToString(), header.Element(VaultFileChecks.Ns + "sequence")!.Value);
                Assert.Equal(part.ToString(), header.Element(VaultFileChecks.Ns + "part")!.Value);
                Assert.Equal(parts.ToString(), header.Element(VaultFileChecks.Ns + "parts")!.Value);
                Assert.Equal($"OPR-000042_{hour:yyyyMMddHH}_{41 + part:D8}_{part:D3}-{parts:D3}.xml", Path.GetFileName(file));
            }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void ATypicalLastHourOfTheDayHasEveryRecordType(int seed)
    {
        var file = Generate(new VaultHourOptions("OPR-000042", LastHourOfDay, 7, Players: 300, Seed: seed)).Single();

        var types = VaultFileChecks.Records(VaultFileChecks.Check(file)).Select(r => r.Name.LocalName).ToHashSet();
        Assert.Equal(VaultRecordKinds.All.Order(), types.Order());
    }

    [Fact]
    public void DailyWalletsComeOnlyInTheDaysLastHour()
    {
        var file = Generate(new VaultHourOptions("OPR-000042", MidDay, 7, Players: 300, Seed: 11)).Single();

        var types = VaultFileChecks.Records(VaultFileChecks.Check(file)).Select(r => r.Name.LocalName).ToHashSet();
        Assert.DoesNotContain("daily_wallet", types);
        Assert.Equal(12, types.Count);
    }

    [Fact]
    public void PartsAreConsecutiveRunsOfTheWholeHoursRecords()
    {
        var options = new VaultHourOptions("OPR-000042", LastHourOfDay, 100, Players: 80, Records: 900, Seed: 21);
        var whole = Ids(Generate(options).Single());
        var split = Generate(options with { Parts = 4 }, "split").SelectMany(Ids).ToList();

        Assert.Equal(whole, split);
    }

    [Fact]
    public void TheSameSeedGivesTheSameBytesAndAnotherSeedOthers()
    {
        var options = new VaultHourOptions("OPR-000042", MidDay, 1, Players: 30, Seed: 5);
        var first = File.ReadAllBytes(Generate(options, "a").Single());
        var again = File.ReadAllBytes(Generate(options, "b").Single());
        var other = File.ReadAllBytes(Generate(options with { Seed = 6 }, "c").Single());

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(50, 5000)]
    [InlineData(1000, 20000)]
    public void TheRecordCountComesWithinFivePercentOfTheAim(int players, int records)
    {
        var generated = new VaultHourGenerator(new VaultHourOptions("OPR-000042", MidDay, 1, players, records, Seed: 3)).Records().Count();

        Assert.InRange(generated, records * 0.95, records * 1.05);
    }

    [Fact]
    public async Task TheGenerateCommandWritesEachPartUnderItsName()
    {
        var (exitCode, output) = await CliHarness.RunAsync(["vault", "generate", "--oprid", "OPR-000042", "--hour", "2026120402", "--sequence", "42",
            "--players", "20", "--parts", "2", "--seed", "9", "--out-dir", _directory]);

        Assert.Equal(0, exitCode);
        string[] names = ["OPR-000042_2026120402_00000042_001-002.xml", "OPR-000042_2026120402_00000043_002-002.xml"];
        foreach (var name in names)
        {
            Assert.Contains(Path.Combine(_directory, name) + " records=", output, StringComparison.Ordinal);
            VaultFileChecks.Check(Path.Combine(_directory, name));
        }
    }

    private List<string> Generate(VaultHourOptions options, string subdirectory = "")
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory, subdirectory, $"{options.Hour:yyyyMMddHH}")).FullName;
        return new VaultHourGenerator(options).Write(header => File.Create(Path.Combine(directory, header.XmlFileName)))
            .Select(f => Path.Combine(directory, f.Header.XmlFileName)).ToList();
    }

    private static List<string> Ids(string file) =>
        VaultFileChecks.Records(XDocument.Load(file)).Select(r => r.Attribute("id")!.Value).ToList();
}
