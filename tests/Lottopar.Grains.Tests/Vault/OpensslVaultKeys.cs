using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using Lottopar.Testing;

namespace Lottopar.Grains.Tests.Vault;

/// <summary>The vault's key and certificate, the operator's and a stranger's, made with openssl in a temporary directory.</summary>
public sealed class OpensslVaultKeys : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lottopar-vault-keys-").FullName;

    public OpensslVaultKeys()
    {
        foreach (var (name, algorithm) in new[] { ("vault", "rsa:2048"), ("stranger-vault", "rsa:2048") })
        {
            ExternalTool.Run("openssl", "req", "-x509", "-newkey", algorithm, "-nodes", "-keyout", PathOf(name + ".key"), "-out", PathOf(name + ".crt"),
                "-days", "30", "-subj", $"/CN=LOTTOPAR {name}");
        }

        foreach (var name in new[] { "operator", "stranger" })
        {
            ExternalTool.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", PathOf(name + ".key"),
                "-out", PathOf(name + ".crt"), "-days", "30", "-subj", $"/CN=OPR-000042 {name}");
        }

        Vault = X509Certificate2.CreateFromPemFile(PathOf("vault.crt"), PathOf("vault.key"));
    }

    public X509Certificate2 Vault { get; }

    public X509Certificate2 Certificate(string name) => X509CertificateLoader.LoadCertificateFromFile(PathOf(name + ".crt"));

    /// <summary>The documented commands: optionally gzip, sign, encrypt.</summary>
    public byte[] Make(byte[] xml, bool gzip = false, string signer = "operator", string recipient = "vault") =>
        Encrypt(Sign(gzip ? Gzip(xml) : xml, signer), recipient: recipient);

    public byte[] Sign(byte[] content, string signer = "operator", string digest = "sha256") => Transform(content, (input, output) => [
        "cms", "-sign", "-binary", "-nodetach", "-md", digest, "-in", input, "-signer", PathOf(signer + ".crt"), "-inkey", PathOf(signer + ".key"), "-outform", "DER", "-out", output]);

    public byte[] Encrypt(byte[] content, string recipient = "vault", string cipher = "-aes-256-cbc") => Transform(content, (input, output) => [
        "cms", "-encrypt", "-binary", cipher, "-in", input, "-outform", "DER", "-out", output, PathOf(recipient + ".crt")]);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private byte[] Transform(byte[] content, Func<string, string, string[]> arguments)
    {
        var input = PathOf(Guid.NewGuid().ToString("N"));
        var output = input + ".out";
        File.WriteAllBytes(input, content);
        ExternalTool.Run("openssl", arguments(input, output));
        return File.ReadAllBytes(output);
    }

    private static byte[] Gzip(byte[] content)
    {
        // The same format as gzip -9 -n: the vault recognises gzip by its first bytes.
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    public string PathOf(string name) => Path.Combine(_directory, name);
}
