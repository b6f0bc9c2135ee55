using Lottopar.Client.Vault;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>A verified receipt as text, and the exit code it stands for: 0 accepted, 2 rejected.</summary>
internal static class VaultReceiptPrinter
{
    public const int Rejected = 2;

    public static int Print(IAnsiConsole console, VaultReceipt receipt)
    {
        console.WriteLine($"{receipt.FileName}: {receipt.Verdict.ToString().ToLowerInvariant()} (receipt {receipt.ReceiptId}, received {receipt.ReceivedAt:O})");
        console.WriteLine($"  oprid={receipt.Oprid} sequence={receipt.Sequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} records={receipt.Records} sha256={receipt.Sha256} bytes={receipt.Size}");
        foreach (var error in receipt.Errors)
        {
            var where = string.Join(" ", new[] { error.Record is { } r ? $"record {r}" : null, error.RecordId, error.Field }.OfType<string>());
            console.WriteLine($"  {error.Code}{(where.Length > 0 ? $" ({where})" : "")}: {error.Message}");
        }

        if (receipt.ErrorCount > receipt.Errors.Count)
        {
            console.WriteLine($"  … {receipt.ErrorCount} errors in all");
        }

        if (receipt.Chain is { } chain)
        {
            console.WriteLine($"  chain position={chain.Position} previous={chain.Previous} value={chain.Value}");
        }

        return receipt.Verdict == VaultVerdict.Accepted ? 0 : Rejected;
    }
}
