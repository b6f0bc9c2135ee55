using System.CommandLine;
using Lottopar.Client.Vault;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>
/// <c>lottopar vault generate</c>: a realistic hour of records as schema-valid XML files, one per part,
/// named <c>{name}.xml</c> where <c>{name}.xml.p7m</c> is the sealed file's name (docs/vault-format.md, section 2).
/// </summary>
internal static class VaultGenerateCommand
{
    public static Command Create(CliHost host)
    {
        var oprid = VaultOptions.Oprid(required: true);
        var hour = VaultOptions.Hour(required: true);
        var sequence = VaultOptions.Sequence(required: true);
        var players = new Option<int>("--players") { Description = "Simulated players", DefaultValueFactory = _ => 100 }.AtLeastOne();
        var records = new Option<int?>("--records") { Description = "Records to aim for over the hour (by default 8 per player); 300000 make about 100 MB" }.Positive();
        var parts = new Option<int>("--parts") { Description = "Split the hour into this many files, with consecutive sequence numbers", DefaultValueFactory = _ => 1 }.AtLeastOne();
        var seed = new Option<int>("--seed") { Description = "The generator's seed: the same options and seed give the same files", DefaultValueFactory = _ => 1 };
        var outputDirectory = new Option<DirectoryInfo>("--out-dir") { Description = "Where to write the files", DefaultValueFactory = _ => new DirectoryInfo(".") };

        var command = new Command("generate",
            "Generates an hour of realistic records (every record type, valid CPFs, section-5 order, matching totals; daily wallets when the hour is 23:00-24:00 in Brasília) "
            + "as XML files named {OPRID}_{yyyyMMddHH}_{sequence}_{part}-{parts}.xml, ready for 'lottopar vault seal'. Prints each file's path, records and bytes.");
        foreach (var option in new Option[] { oprid, hour, sequence, players, records, parts, seed, outputDirectory })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            try
            {
                var generator = new VaultHourGenerator(new VaultHourOptions(result.GetValue(oprid)!, result.GetValue(hour)!.Value, result.GetValue(sequence)!.Value,
                    result.GetValue(players), result.GetValue(records), result.GetValue(parts), result.GetValue(seed)));
                var directory = result.GetValue(outputDirectory)!;
                directory.Create();
                var files = generator.Write(header => File.Create(Path.Combine(directory.FullName, header.XmlFileName)));
                foreach (var file in files)
                {
                    var path = Path.Combine(directory.FullName, file.Header.XmlFileName);
                    host.Out.WriteLine($"{path} records={file.Totals.AllRecords} bytes={new FileInfo(path).Length}");
                }

                return 0;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
            {
                host.Error.WriteLine($"lottopar vault generate: {error.Message}");
                return 1;
            }
        });
        return command;
    }
}
