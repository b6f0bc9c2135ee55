using System.Security.Cryptography.X509Certificates;

namespace Lottopar.Client.Vault;

/// <summary>
/// A generated hour in one part, written as its XML and sealed beside it as an operator would
/// (<c>{name}.xml</c> and <c>{name}.xml.p7m</c>): what load runs and benchmarks send.
/// </summary>
public sealed record VaultSealedHour(string XmlPath, string SealedPath, long Records)
{
    /// <summary>The sealed file's name: the one it is uploaded under.</summary>
    public string Name => Path.GetFileName(SealedPath);

    /// <param name="options">The hour to generate; one part.</param>
    public static VaultSealedHour Write(VaultHourOptions options, string directory, X509Certificate2 signer, X509Certificate2 vault)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Parts != 1)
        {
            throw new ArgumentException("A sealed hour is one part.", nameof(options));
        }

        string? xml = null;
        var generated = new VaultHourGenerator(options).Write(header => File.Create(xml = Path.Combine(directory, header.XmlFileName)));
        var sealedPath = xml + ".p7m";
        File.WriteAllBytes(sealedPath, VaultFileSealer.Seal(File.ReadAllBytes(xml!), signer, vault));
        return new VaultSealedHour(xml!, sealedPath, generated.Sum(f => f.Totals.AllRecords));
    }
}
