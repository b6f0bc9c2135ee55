using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lottopar.Client.Vault;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary><c>lottopar vault receipt</c>: verifies receipts against the vault certificate, prints them, and checks the chain across the accepted ones.</summary>
internal static class VaultReceiptCommand
{
    public static Command Create(CliHost host)
    {
        var input = new Option<FileInfo[]>("--in") { Description = "Receipt files (.receipt.p7s); several to also check the chain across the accepted ones", Required = true, AllowMultipleArgumentsPerToken = true };
        var vaultCertificate = new Option<FileInfo>("--vault-cert") { Description = "LOTTOPAR's vault certificate (PEM), given at onboarding", Required = true };

        var command = new Command("receipt",
            "Verifies vault receipts (signed by exactly the vault certificate) and prints verdict, errors and chain link. "
            + "With several, also recomputes the chain over the accepted ones in position order. Exit code 0 when all were accepted (and the chain holds), 2 when one was rejected, 1 when one is not a valid receipt.");
        command.Options.Add(input);
        command.Options.Add(vaultCertificate);
        command.SetAction(result =>
        {
            try
            {
                using var vault = X509CertificateLoader.LoadCertificateFromFile(result.GetValue(vaultCertificate)!.FullName);
                var receipts = new List<VaultReceipt>();
                var exitCode = 0;
                foreach (var file in result.GetValue(input)!)
                {
                    var receipt = VaultReceipt.Open(File.ReadAllBytes(file.FullName), vault);
                    receipts.Add(receipt);
                    exitCode = Math.Max(exitCode, VaultReceiptPrinter.Print(host.Out, receipt));
                }

                var accepted = receipts.Where(r => r is { Verdict: VaultVerdict.Accepted, Chain: not null }).OrderBy(r => r.Chain!.Position).ToList();
                if (accepted.Count > 1)
                {
                    if (VaultReceipt.FirstBrokenLink(accepted) is { } broken)
                    {
                        host.Out.WriteLine($"chain broken at {accepted[broken.Index].FileName}: {broken.Reason}");
                        return 1;
                    }

                    host.Out.WriteLine($"chain holds over positions {accepted[0].Chain!.Position} to {accepted[^1].Chain!.Position}");
                }

                return exitCode;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException or VaultReceiptException)
            {
                host.Error.WriteLine($"lottopar vault receipt: {error.Message}");
                return 1;
            }
        });
        return command;
    }
}
