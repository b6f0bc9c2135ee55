using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Lottopar.Grains.Validation;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Grains.Tests.Validation;

/// <summary>
/// Keys generated once per test class by the real ssh-keygen, with the fingerprint ssh-keygen itself prints
/// as the expected value.
/// </summary>
public sealed class SshKeyFixture : IDisposable
{
    private const string SshKeygen = "/usr/bin/ssh-keygen";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lottopar-ssh-");

    public SshKeyFixture()
    {
        Ed25519 = Generate("ed25519", "ed25519", null, "operator@lottopar");
        Rsa3072 = Generate("rsa3072", "rsa", 3072, "ops key 1 (SFTP uploads)");
        Rsa2048 = Generate("rsa2048", "rsa", 2048, "boundary");
        Rsa1024 = Generate("rsa1024", "rsa", 1024, "too-small");
        EcdsaP256 = Generate("ecdsa256", "ecdsa", 256, "p256@lottopar");
        EcdsaP384 = Generate("ecdsa384", "ecdsa", 384, "p384@lottopar");
        EcdsaP521 = Generate("ecdsa521", "ecdsa", 521, "p521@lottopar");
    }

    public GeneratedKey Ed25519 { get; }

    public GeneratedKey Rsa3072 { get; }

    public GeneratedKey Rsa2048 { get; }

    public GeneratedKey Rsa1024 { get; }

    public GeneratedKey EcdsaP256 { get; }

    public GeneratedKey EcdsaP384 { get; }

    public GeneratedKey EcdsaP521 { get; }

    public IEnumerable<GeneratedKey> Accepted => [Ed25519, Rsa3072, Rsa2048, EcdsaP256, EcdsaP384, EcdsaP521];

    /// <summary>The fingerprint ssh-keygen computes for an authorized_keys line (used to check our output round-trips).</summary>
    public string FingerprintOfLine(string line)
    {
        var path = Path.Combine(_directory.FullName, $"line-{Guid.NewGuid():N}.pub");
        File.WriteAllText(path, line + "\n");
        return Fingerprint(path);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private GeneratedKey Generate(string name, string type, int? bits, string comment)
    {
        var path = Path.Combine(_directory.FullName, name);
        var arguments = new List<string> { "-q", "-t", type, "-N", string.Empty, "-C", comment, "-f", path };
        if (bits is { } b)
        {
            arguments.AddRange(["-b", b.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        ExternalTool.Run(SshKeygen, [.. arguments]);
        var line = File.ReadAllText(path + ".pub").Trim();
        return new GeneratedKey(line, line.Split(' ')[0], comment, Fingerprint(path + ".pub"), File.ReadAllText(path));
    }

    private static string Fingerprint(string publicKeyPath)
    {
        // "3072 SHA256:abc... comment (RSA)"
        var output = ExternalTool.Run(SshKeygen, "-l", "-E", "sha256", "-f", publicKeyPath);
        return output.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    }
}

public sealed record GeneratedKey(string Line, string Type, string Comment, string SshKeygenFingerprint, string PrivateKeyFile)
{
    public string Base64 => Line.Split(' ')[1];

    public byte[] Blob => Convert.FromBase64String(Base64);

    public override string ToString() => Type;
}

public sealed class SshPublicKeyTests(SshKeyFixture keys) : IClassFixture<SshKeyFixture>
{
    [Fact]
    public void AcceptsGeneratedKeysWithTheFingerprintSshKeygenPrints()
    {
        foreach (var generated in keys.Accepted)
        {
            Assert.True(SshPublicKey.TryParse(generated.Line, out var key, out var error), $"{generated.Type}: {error}");
            Assert.Null(error);
            Assert.Equal(generated.Type, key.Algorithm);
            Assert.Equal(generated.Base64, key.Base64Blob);
            Assert.Equal(generated.Comment, key.Comment);
            Assert.Equal(generated.SshKeygenFingerprint, key.Fingerprint);
            Assert.Equal(generated.Line, key.ToAuthorizedKeysLine());
        }
    }

    [Fact]
    public void ReportsTheExpectedAlgorithms()
    {
        Assert.Equal("ssh-ed25519", Parse(keys.Ed25519.Line).Algorithm);
        Assert.Equal("ssh-rsa", Parse(keys.Rsa3072.Line).Algorithm);
        Assert.Equal("ecdsa-sha2-nistp256", Parse(keys.EcdsaP256.Line).Algorithm);
        Assert.Equal("ecdsa-sha2-nistp384", Parse(keys.EcdsaP384.Line).Algorithm);
        Assert.Equal("ecdsa-sha2-nistp521", Parse(keys.EcdsaP521.Line).Algorithm);
    }

    [Fact]
    public void OutputIsReadBackBySshKeygen()
    {
        var key = Parse($"  {keys.Rsa3072.Type}\t{keys.Rsa3072.Base64}   new comment  \n");
        Assert.Equal("new comment", key.Comment);
        Assert.Equal(keys.Rsa3072.SshKeygenFingerprint, keys.FingerprintOfLine(key.ToAuthorizedKeysLine()));

        var bare = Parse($"{keys.Ed25519.Type} {keys.Ed25519.Base64}");
        Assert.Null(bare.Comment);
        Assert.Equal($"{keys.Ed25519.Type} {keys.Ed25519.Base64}", bare.ToAuthorizedKeysLine());
        Assert.Equal(keys.Ed25519.SshKeygenFingerprint, keys.FingerprintOfLine(bare.ToAuthorizedKeysLine()));
    }

    [Fact]
    public void RefusesSmallRsaKeys()
    {
        Assert.False(SshPublicKey.TryParse(keys.Rsa1024.Line, out var key, out var error));
        Assert.Null(key);
        Assert.Contains("RSA keys must be at least 2048 bits", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh-rsa")]
    [InlineData("ecdsa-sha2-nistp256")]
    public void RefusesABlobOfAnotherTypeThanDeclared(string declared)
    {
        Assert.False(SshPublicKey.TryParse($"{declared} {keys.Ed25519.Base64} x@y", out _, out var error));
        Assert.Contains("'ssh-ed25519' key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAnEcdsaBlobOnAnotherCurveThanDeclared()
    {
        Assert.False(SshPublicKey.TryParse($"ecdsa-sha2-nistp384 {keys.EcdsaP256.Base64}", out _, out var error));
        Assert.Contains("declares", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh-ed25519 not*base64!", "not valid base64")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI", "not valid base64")]
    [InlineData("ssh-ed25519", "missing")]
    [InlineData("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "ssh-dss keys are not accepted")]
    [InlineData("ssh-foo AAAAB3NzaC1mb28= me@host", "Unsupported key type 'ssh-foo'")]
    [InlineData("rsa-sha2-256 AAAA", "Unsupported key type")]
    [InlineData("ssh-ed25519-cert-v01@openssh.com AAAA", "certificates are not accepted")]
    [InlineData("sk-ssh-ed25519@openssh.com AAAA", "Security-key")]
    [InlineData("from=\"10.0.0.0/8\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", "options")]
    [InlineData("no-pty,restrict ssh-rsa AAAA", "options")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----", "Never send a private key")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    public void ExplainsRefusals(string line, string reason)
    {
        Assert.False(SshPublicKey.TryParse(line, out var key, out var error));
        Assert.Null(key);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAPastedPrivateKey()
    {
        Assert.False(SshPublicKey.TryParse(keys.Ed25519.PrivateKeyFile, out _, out var error));
        Assert.Contains("Never send a private key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesTwoLines()
    {
        Assert.False(SshPublicKey.TryParse(keys.Ed25519.Line + "\n" + keys.Rsa3072.Line, out _, out var error));
        Assert.Contains("single line", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesDssEvenWithAWellFormedBlob()
    {
        var blob = Wire(Encoding.ASCII.GetBytes("ssh-dss"), [0x01], [0x02], [0x03], [0x04]);
        Assert.False(SshPublicKey.TryParse($"ssh-dss {Convert.ToBase64String(blob)}", out _, out var error));
        Assert.Contains("ssh-dss keys are not accepted", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesTruncatedAndPaddedBlobs()
    {
        foreach (var generated in keys.Accepted)
        {
            var blob = generated.Blob;
            var truncated = Convert.ToBase64String(blob.AsSpan(0, blob.Length - 1));
            Assert.False(SshPublicKey.TryParse($"{generated.Type} {truncated}", out _, out var error), generated.Type);
            Assert.Contains("malformed", error, StringComparison.Ordinal);

            var padded = Convert.ToBase64String([.. blob, 0]);
            Assert.False(SshPublicKey.TryParse($"{generated.Type} {padded}", out _, out error), generated.Type);
            Assert.Contains("malformed", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RefusesAnEcdsaPointOffItsCurve()
    {
        var blob = keys.EcdsaP256.Blob;
        blob[^1] ^= 0x01; // last byte of Y
        Assert.False(SshPublicKey.TryParse($"{keys.EcdsaP256.Type} {Convert.ToBase64String(blob)}", out _, out var error));
        Assert.Contains("not on its curve", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesRsaKeysWithANegativeModulusOrEvenExponent()
    {
        var type = Encoding.ASCII.GetBytes("ssh-rsa");
        var modulus = new byte[257];
        modulus[1] = 0xC3;
        modulus[^1] = 0x01;
        var negative = modulus[1..];

        Assert.True(SshPublicKey.TryParse(Line(Wire(type, [0x01, 0x00, 0x01], modulus)), out _, out var error), error);
        Assert.False(SshPublicKey.TryParse(Line(Wire(type, [0x01, 0x00, 0x01], negative)), out _, out error));
        Assert.Contains("positive", error, StringComparison.Ordinal);
        Assert.False(SshPublicKey.TryParse(Line(Wire(type, [0x01, 0x00, 0x00], modulus)), out _, out error));
        Assert.Contains("exponent", error, StringComparison.Ordinal);

        static string Line(byte[] blob) => $"ssh-rsa {Convert.ToBase64String(blob)}";
    }

    [Fact]
    public void RandomBlobsNeverThrow()
    {
        var types = Gen.Elements("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp521");
        var bodies = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();
        var cases = Gen.Zip(types, bodies);

        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            // Random bodies behind a correct type header reach the per-algorithm parsers.
            var blob = Wire(Encoding.ASCII.GetBytes(c.Item1)).Concat(c.Item2).ToArray();
            return !SshPublicKey.TryParse($"{c.Item1} {Convert.ToBase64String(blob)}", out _, out var error) && error is not null;
        });
        Check.QuickThrowOnFailure(property);
    }

    [Fact]
    public void BitFlipsInARealKeyNeverThrow()
    {
        var blob = keys.Rsa3072.Blob;
        var property = Prop.ForAll(Gen.Choose(0, (blob.Length * 8) - 1).ToArbitrary(), bit =>
        {
            var flipped = (byte[])blob.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            _ = SshPublicKey.TryParse($"ssh-rsa {Convert.ToBase64String(flipped)}", out _, out _);
        });
        Check.QuickThrowOnFailure(property);
    }

    private static SshPublicKey Parse(string line)
    {
        Assert.True(SshPublicKey.TryParse(line, out var key, out var error), error);
        return key;
    }

    /// <summary>RFC 4251 strings, each a big-endian uint32 length followed by the bytes.</summary>
    private static byte[] Wire(params byte[][] strings)
    {
        var result = new List<byte>();
        Span<byte> length = stackalloc byte[4];
        foreach (var s in strings)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)s.Length);
            result.AddRange(length);
            result.AddRange(s);
        }

        return [.. result];
    }
}
