using System.CommandLine;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lottopar.Client.Vault;
using Renci.SshNet.Common;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary><c>lottopar vault push</c>: uploads a sealed file to the vault's SFTP account and, with --wait, waits for its receipt and prints it.</summary>
internal static class VaultPushCommand
{
    private const int TimedOut = 3;

    public static Command Create(CliHost host)
    {
        var sftp = new VaultSftpOptions();
        var file = new Option<FileInfo>("--file") { Description = "The sealed file ({name}.xml.p7m)", Required = true };
        var wait = VaultOptions.Wait();
        var vaultCertificate = new Option<FileInfo>("--vault-cert") { Description = "LOTTOPAR's vault certificate (PEM), to verify the receipt; required with --wait" };

        var command = new Command("push",
            "Uploads a sealed file into incoming/ (as NAME.part, then renamed). With --wait, polls receipts/NAME.receipt.p7s, verifies it against --vault-cert "
            + "and prints verdict, errors and chain link. Exit code 0 when uploaded (and accepted), 2 when rejected, 3 when no receipt came in time, 1 on any other failure.");
        foreach (var option in sftp.All.Concat([file, wait, vaultCertificate]))
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetValue(wait) is not null && result.GetValue(vaultCertificate) is null)
            {
                result.AddError("--wait needs --vault-cert to verify the receipt.");
            }
        });

        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                using var vault = result.GetValue(vaultCertificate) is { } path ? X509CertificateLoader.LoadCertificateFromFile(path.FullName) : null;
                var pusher = new VaultSftpPusher(sftp.Target(result));
                var pushed = await pusher.PushAsync(result.GetValue(file)!.FullName, result.GetValue(wait), vault, cancellationToken);
                host.Out.WriteLine($"uploaded /incoming/{pushed.RemoteName}");
                if (result.GetValue(wait) is not { } waited)
                {
                    return 0;
                }

                if (pushed.Receipt is null)
                {
                    host.Error.WriteLine($"lottopar vault push: no receipt for these bytes within {waited.TotalSeconds:0} s.");
                    return TimedOut;
                }

                return VaultReceiptPrinter.Print(host.Out, pushed.Receipt);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException or VaultReceiptException
                or SshException or SocketException or ArgumentException)
            {
                host.Error.WriteLine($"lottopar vault push: {error.Message}");
                return 1;
            }
        });
        return command;
    }
}
