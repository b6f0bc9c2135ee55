using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using Lottopar.Client.Vault;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>
/// <c>lottopar vault seal</c>: signs and encrypts an hourly XML file (docs/vault-format.md, section 9)
/// and writes it under its name (section 2), read from the file's own header.
/// </summary>
internal static class VaultSealCommand
{
    private const string Namespace = "urn:lottopar:vault:1";

    public static Command Create(CliHost host)
    {
        var input = new Option<FileInfo>("--in") { Description = "The hourly file's XML", Required = true };
        var signerCertificate = new Option<FileInfo>("--signer-cert") { Description = "The operator's signing certificate (PEM), as registered with LOTTOPAR", Required = true };
        var signerKey = new Option<FileInfo>("--signer-key") { Description = "Its private key (PEM, unencrypted)", Required = true };
        var vaultCertificate = new Option<FileInfo>("--vault-cert") { Description = "LOTTOPAR's vault certificate (PEM), given at onboarding", Required = true };
        var gzip = new Option<bool>("--gzip") { Description = "Compress the XML before signing" };
        var outputDirectory = new Option<DirectoryInfo>("--out-dir") { Description = "Where to write the sealed file", DefaultValueFactory = _ => new DirectoryInfo(".") };

        var command = new Command("seal", "Signs and encrypts an hourly vault file and names it from its header. Prints the file's path and SHA-256.");
        foreach (var option in new Option[] { input, signerCertificate, signerKey, vaultCertificate, gzip, outputDirectory })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            try
            {
                var xml = File.ReadAllBytes(result.GetValue(input)!.FullName);
                var (oprid, hour, sequence, part, parts) = HeaderOf(xml);
                using var signer = X509Certificate2.CreateFromPemFile(result.GetValue(signerCertificate)!.FullName, result.GetValue(signerKey)!.FullName);
                using var vault = X509CertificateLoader.LoadCertificateFromFile(result.GetValue(vaultCertificate)!.FullName);
                var sealedFile = VaultFileSealer.Seal(xml, signer, vault, result.GetValue(gzip));

                var directory = result.GetValue(outputDirectory)!;
                directory.Create();
                var path = Path.Combine(directory.FullName, VaultFileName.Of(oprid, hour, sequence, part, parts));
                File.WriteAllBytes(path, sealedFile);
                host.Out.WriteLine($"{path} sha256={Convert.ToHexStringLower(SHA256.HashData(sealedFile))} bytes={sealedFile.Length}");
                return 0;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException or XmlException or FormatException or ArgumentException)
            {
                host.Error.WriteLine($"lottopar vault seal: {error.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>The header fields the name is made of, read without loading the whole file.</summary>
    private static (string Oprid, DateTimeOffset Hour, long Sequence, int Part, int Parts) HeaderOf(byte[] xml)
    {
        using var reader = XmlReader.Create(new MemoryStream(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!reader.ReadToFollowing("header", Namespace))
        {
            throw new FormatException("The XML has no header in the namespace " + Namespace + ".");
        }

        using var header = reader.ReadSubtree();
        header.Read();
        while (!header.EOF)
        {
            // Reading an element's content moves past it, onto the next node: only read on otherwise.
            if (header.NodeType == XmlNodeType.Element && header.LocalName is "oprid" or "hour" or "sequence" or "part" or "parts")
            {
                values[header.LocalName] = header.ReadElementContentAsString();
            }
            else
            {
                header.Read();
            }
        }

        string Value(string name) => values.TryGetValue(name, out var value) ? value : throw new FormatException($"The header has no {name}.");
        return (Value("oprid"), XmlConvert.ToDateTimeOffset(Value("hour")), XmlConvert.ToInt64(Value("sequence")),
            XmlConvert.ToInt32(Value("part")), XmlConvert.ToInt32(Value("parts")));
    }
}
