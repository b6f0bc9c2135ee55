using System.CommandLine;
using Lottopar.Client.Vault;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary><c>lottopar vault build</c>: an hourly file's XML from records given as JSON lines (shape in the help text and docs/vault-format.md, section 11).</summary>
internal static class VaultBuildCommand
{
    private const string Shape = """
        Input: one JSON object per line (UTF-8; blank lines are skipped). A record has "type" (its element name: registration,
        registration_update, self_exclusion, login, logout, deposit, withdrawal, bet, win, bonus, daily_wallet, correction,
        annulment), "id", "at", and its elements by their schema names (docs/vault-format.xsd), in any order. Values are JSON
        strings, numbers or true/false; structures (address, proof_of_residence, identity_verification, account_status, the record
        inside a correction) are objects; leg_ids and limits are arrays; duration is {"unit":"days","value":7}; indefinite is true.
          {"type":"bet","id":"BET-1","at":"2026-12-03T10:15:00-03:00","cpf":"52998224725","game_type":"sports","bet_slip_id":"s1","leg_ids":["l1","l2"],"amount":5000}
          {"type":"correction","id":"COR-1","at":"2026-12-03T10:20:00-03:00","corrects":"BET-0","corrects_date":"2026-12-03","bet":{"id":"BET-0","at":"2026-12-03T09:14:00-03:00",...}}
        An optional first line gives the header: {"type":"header","oprid":"OPR-000042","hour":"2026-12-03T10:00:00-03:00","sequence":42,"part":1,"parts":1,"created_at":"..."}.
        Options given on the command line win over it. The records are sorted (instant, then type as in section 5) and the totals computed;
        a bad line is refused with its line number and field.
        """;

    public static Command Create(CliHost host)
    {
        var input = new Option<FileInfo>("--in") { Description = "The records, one JSON object per line", Required = true };
        var oprid = VaultOptions.Oprid(required: false);
        var hour = VaultOptions.Hour(required: false);
        var sequence = VaultOptions.Sequence(required: false);
        var part = new Option<int?>("--part") { Description = "This file's part number (default 1)" }.Positive();
        var parts = new Option<int?>("--parts") { Description = "The hour's number of parts (default 1)" }.Positive();
        var createdAt = new Option<DateTimeOffset?>("--created-at") { Description = "The header's created_at (default: now, but not before the hour ends)" };
        var output = new Option<FileInfo>("--out") { Description = "The XML file to write", Required = true };

        var command = new Command("build", "Builds an hourly file's XML from records given as JSON lines.\n" + Shape);
        foreach (var option in new Option[] { input, oprid, hour, sequence, part, parts, createdAt, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            var path = result.GetValue(output)!.FullName;
            var written = false;
            try
            {
                VaultJsonLines lines;
                using (var reader = File.OpenText(result.GetValue(input)!.FullName))
                {
                    lines = VaultJsonLines.Read(reader);
                }

                var header = new VaultHeaderFields(result.GetValue(oprid), result.GetValue(hour), result.GetValue(sequence),
                    result.GetValue(part), result.GetValue(parts), result.GetValue(createdAt)).Over(lines.Header).Complete(DateTimeOffset.UtcNow);
                using (var stream = File.Create(path))
                {
                    written = true;
                    lines.Write(stream, header);
                }

                host.Out.WriteLine($"{path} records={lines.Count} bytes={new FileInfo(path).Length}");
                return 0;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
            {
                if (written)
                {
                    // A half-written file must not be sealed by mistake.
                    File.Delete(path);
                }

                host.Error.WriteLine($"lottopar vault build: {error.Message}");
                return 1;
            }
        });
        return command;
    }
}
