using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Lottopar.Grains.Vault;

/// <summary>
/// The hash chain over an operator's accepted files, in the order the vault accepted them: each
/// link is SHA-256 of the previous link (32 bytes), the file's SHA-256 (32 bytes) and its sequence
/// number (8 bytes, big-endian); the first file links to 32 zero bytes. Every receipt carries the
/// previous link, the file's hash, its sequence and the new link, so an operator or an auditor can
/// recompute the chain from receipts alone: a changed, dropped or reordered file breaks it.
/// </summary>
public static class VaultChain
{
    public const int HashBytes = 32;

    /// <summary>The link before the first file: 32 zero bytes, as lowercase hex.</summary>
    public static string Genesis { get; } = new('0', HashBytes * 2);

    /// <param name="previous">The previous link, lowercase hex.</param>
    /// <param name="fileSha256">The accepted file's SHA-256 (of the bytes as uploaded), lowercase hex.</param>
    public static string Next(string previous, string fileSha256, long sequence)
    {
        Span<byte> input = stackalloc byte[(2 * HashBytes) + sizeof(long)];
        Decode(previous, nameof(previous), input[..HashBytes]);
        Decode(fileSha256, nameof(fileSha256), input.Slice(HashBytes, HashBytes));
        BinaryPrimitives.WriteInt64BigEndian(input[(2 * HashBytes)..], sequence);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    /// <summary>
    /// The first link (0-based) that does not follow from the one before it, or null when the chain
    /// holds: each link must start from the previous one's result (the first from <see cref="Genesis"/>)
    /// and equal <see cref="Next"/> of its own inputs.
    /// </summary>
    public static int? FirstBrokenLink(IEnumerable<VaultChainLink> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        var expectedPrevious = Genesis;
        var index = 0;
        foreach (var link in links)
        {
            if (link.Previous != expectedPrevious || link.Value != Next(link.Previous, link.FileSha256, link.Sequence))
            {
                return index;
            }

            expectedPrevious = link.Value;
            index++;
        }

        return null;
    }

    private static void Decode(string hex, string name, Span<byte> destination)
    {
        if (hex.Length != HashBytes * 2 || Convert.FromHexString(hex, destination, out _, out var written) != OperationStatus.Done || written != HashBytes)
        {
            throw new ArgumentException($"{name} must be {HashBytes * 2} hexadecimal digits.", name);
        }
    }
}

/// <summary>One accepted file's place in the chain, as its receipt shows it.</summary>
public sealed record VaultChainLink(string Previous, string FileSha256, long Sequence, string Value);
