using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lottopar.Client.Vault;
using Renci.SshNet.Common;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>
/// <c>lottopar load vault</c>: generates and seals consecutive hours for an operator, pushes them
/// over SFTP a few at a time, waits for every receipt and prints records per second and the time
/// from each upload to its receipt. Exit code 0 when every file was accepted.
/// </summary>
internal static class VaultLoadCommand
{
    public static Command Create(CliHost host)
    {
        var sftp = new VaultSftpOptions();
        var signerCertificate = new Option<FileInfo>("--signer-cert") { Description = "The operator's signing certificate (PEM), as registered", Required = true };
        var signerKey = new Option<FileInfo>("--signer-key") { Description = "Its private key (PEM, unencrypted)", Required = true };
        var vaultCertificate = new Option<FileInfo>("--vault-cert") { Description = "LOTTOPAR's vault certificate (PEM)", Required = true };
        var oprid = VaultOptions.Oprid(required: true);
        var hour = VaultOptions.Hour(required: true);
        var sequence = new Option<long>("--sequence") { Description = "The first file's sequence number", Required = true };
        var hours = new Option<int>("--hours") { Description = "Consecutive hours to send, one file each", DefaultValueFactory = _ => 6 }.AtLeastOne();
        var records = new Option<int>("--records") { Description = "Records per hour (about 360 bytes each)", DefaultValueFactory = _ => 50_000 }.AtLeastOne();
        var players = new Option<int>("--players") { Description = "Players in the generated hours", DefaultValueFactory = _ => 2_000 }.AtLeastOne();
        var concurrency = new Option<int>("--concurrency") { Description = "Files uploaded and awaited at once", DefaultValueFactory = _ => 2 }.AtLeastOne();
        var seed = new Option<int>("--seed") { Description = "Seed of the generated hours", DefaultValueFactory = _ => 1 };
        var work = new Option<DirectoryInfo>("--work-dir") { Description = "Where the generated and sealed files go (default: a new temporary directory)" };

        var command = new Command("vault", "Sends generated, sealed hourly files to the vault over SFTP and measures records per second up to the last receipt.");
        foreach (var option in sftp.All.Concat([signerCertificate, signerKey, vaultCertificate, oprid, hour, sequence, hours, records, players, concurrency, seed, work]))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                using var signer = X509Certificate2.CreateFromPemFile(result.GetValue(signerCertificate)!.FullName, result.GetValue(signerKey)!.FullName);
                using var vault = X509CertificateLoader.LoadCertificateFromFile(result.GetValue(vaultCertificate)!.FullName);
                var runner = new VaultLoadRunner(sftp.Target(result), signer, vault);
                var directory = result.GetValue(work)?.FullName ?? Directory.CreateTempSubdirectory("lottopar-load-vault-").FullName;
                Directory.CreateDirectory(directory);
                var report = await runner.RunAsync(new VaultLoadOptions(result.GetValue(oprid)!, result.GetValue(hour)!.Value, result.GetValue(sequence),
                    result.GetValue(hours), result.GetValue(records), result.GetValue(players), result.GetValue(concurrency), result.GetValue(seed)), directory, cancellationToken);
                foreach (var file in report.Files)
                {
                    host.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{file.Name}: {file.Verdict?.ToString().ToLowerInvariant() ?? "no receipt"}, {file.Records:N0} records, {file.UploadToReceipt.TotalSeconds:N2} s upload to receipt"));
                }

                host.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{report.Files.Count} files, {report.Records:N0} records in {report.Elapsed.TotalSeconds:N2} s: {report.RecordsPerSecond:N0} records/s (files in {directory})"));
                return report.Files.All(f => f.Verdict == VaultVerdict.Accepted) ? 0 : 2;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException or VaultReceiptException
                or SshException or SocketException or ArgumentException)
            {
                host.Error.WriteLine($"lottopar load vault: {error.Message}");
                return 1;
            }
        });
        return command;
    }
}
