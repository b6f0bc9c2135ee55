using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lottopar.Client.Vault;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Client.Tests.Vault;

/// <summary>Receipts signed by the openssl command line, as the contract describes them, opened by <see cref="VaultReceipt"/>.</summary>
public sealed class VaultReceiptTests : IDisposable
{
    private const string FileName = "OPR-000042_2026120313_00000042_001-001.xml.p7m";

    private readonly string _directory = Directory.CreateTempSubdirectory("lottopar-vault-receipt-").FullName;

    public VaultReceiptTests()
    {
        foreach (var name in new[] { "vault", "other" })
        {
            Openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", PathOf(name + ".key"), "-out", PathOf(name + ".crt"), "-days", "30",
                "-subj", $"/CN=LOTTOPAR {name}", "-addext", "keyUsage=digitalSignature,keyEncipherment");
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AnAcceptedReceiptSignedByTheVaultOpensWithEveryField()
    {
        var file = Encoding.ASCII.GetBytes("the uploaded bytes");
        var hash = Convert.ToHexStringLower(SHA256.HashData(file));
        var value = VaultReceiptChain.Link(VaultReceiptChain.Genesis, hash, 42);
        var p7s = Sign(Accepted(hash, file.Length, 42, 1, VaultReceiptChain.Genesis, value), "vault");

        using var vault = Certificate("vault");
        var receipt = VaultReceipt.Open(p7s, vault);

        Assert.Equal(VaultVerdict.Accepted, receipt.Verdict);
        Assert.Equal(Guid.Parse("3f2b6c1e-8a4d-4e2f-9b7a-1c2d3e4f5a6b"), receipt.ReceiptId);
        Assert.Equal(("OPR-000042", FileName, 42L, 1, 1, 120L), (receipt.Oprid, receipt.FileName, receipt.Sequence!.Value, receipt.Part!.Value, receipt.Parts!.Value, receipt.Records));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 13, 0, 0, TimeSpan.Zero), receipt.Hour);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 14, 0, 5, 123, TimeSpan.Zero), receipt.ReceivedAt);
        Assert.Equal(new VaultReceiptCount(10, 12345), receipt.Counts["bet"]);
        Assert.Equal(new VaultReceiptChain(1, VaultReceiptChain.Genesis, value), receipt.Chain);
        Assert.True(receipt.IsFor(file));
        Assert.False(receipt.IsFor(Encoding.ASCII.GetBytes("other bytes")));
    }

    [Fact]
    public void ARejectedReceiptCarriesItsErrorsAndNoChain()
    {
        var json = $$"""
            {"version":1,"receipt_id":"3f2b6c1e-8a4d-4e2f-9b7a-1c2d3e4f5a6b","oprid":"OPR-000042","file_name":"{{FileName}}","sha256":"{{new string('a', 64)}}","size":10,
             "received_at":"2026-12-03T14:00:05Z","verdict":"rejected","sequence":null,"hour":null,"part":null,"parts":null,"records":0,"counts":{},
             "errors":[{"code":"total_mismatch","record":null,"record_id":null,"field":"totals/total[@type='bet']","message":"The bet total is 5000, the records add up to 4000."},
                       {"code":"invalid_cpf","record":3,"record_id":"BET-3","field":"cpf","message":"Invalid CPF."}],
             "error_count":2,"chain":null}
            """;

        using var vault = Certificate("vault");
        var receipt = VaultReceipt.Open(Sign(json, "vault"), vault);

        Assert.Equal(VaultVerdict.Rejected, receipt.Verdict);
        Assert.Null(receipt.Chain);
        Assert.Null(receipt.Sequence);
        Assert.Equal(new VaultReceiptError("invalid_cpf", 3, "BET-3", "cpf", "Invalid CPF."), receipt.Errors[1]);
        Assert.Equal(2, receipt.ErrorCount);
    }

    [Fact]
    public void AReceiptSignedByAnotherCertificateIsRefused()
    {
        var p7s = Sign(Accepted(new string('b', 64), 1, 1, 1, VaultReceiptChain.Genesis, new string('c', 64)), "other");

        using var vault = Certificate("vault");
        var error = Assert.Throws<VaultReceiptException>(() => VaultReceipt.Open(p7s, vault));

        Assert.Contains("not signed by the vault certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReceiptWithAnyByteOfItsContentChangedIsRefused()
    {
        var json = Accepted(new string('b', 64), 1, 1, 1, VaultReceiptChain.Genesis, new string('c', 64));
        var p7s = Sign(json, "vault");
        var at = p7s.AsSpan().IndexOf(Encoding.UTF8.GetBytes("\"records\":120"));
        Assert.True(at > 0);
        p7s[at + 11] ^= 0x01; // 120 becomes 130

        using var vault = Certificate("vault");
        var error = Assert.Throws<VaultReceiptException>(() => VaultReceipt.Open(p7s, vault));

        Assert.Contains("changed after signing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedReceiptIsRefused()
    {
        var p7s = Sign(Accepted(new string('b', 64), 1, 1, 1, VaultReceiptChain.Genesis, new string('c', 64)), "vault");

        using var vault = Certificate("vault");
        Assert.Throws<VaultReceiptException>(() => VaultReceipt.Open(p7s[..(p7s.Length / 2)], vault));
    }

    [Fact]
    public void TheChainCheckFindsTheFirstBrokenLink()
    {
        var chain = Chain(4);
        Assert.Null(VaultReceipt.FirstBrokenLink(chain));

        // A file dropped from the middle, a changed file hash, a link not built on its predecessor.
        Assert.Equal(1, VaultReceipt.FirstBrokenLink([chain[0], chain[2], chain[3]])?.Index);
        Assert.Equal(2, VaultReceipt.FirstBrokenLink([chain[0], chain[1], chain[2] with { Sha256 = new string('e', 64) }, chain[3]])?.Index);
        Assert.Equal(3, VaultReceipt.FirstBrokenLink([chain[0], chain[1], chain[2], chain[3] with { Chain = chain[3].Chain! with { Previous = chain[1].Chain!.Value } }])?.Index);
        Assert.Equal(0, VaultReceipt.FirstBrokenLink([chain[0] with { Sequence = 7 }])?.Index);
    }

    [Fact]
    public void TheChainLinkIsSha256OfPreviousFileHashAndBigEndianSequence()
    {
        var previous = new string('1', 64);
        var hash = new string('2', 64);
        var input = Convert.FromHexString(previous).Concat(Convert.FromHexString(hash)).Concat(new byte[] { 0, 0, 0, 0, 0, 0, 1, 2 }).ToArray();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), VaultReceiptChain.Link(previous, hash, 258));
    }

    [Fact]
    public async Task TheReceiptCommandPrintsVerdictAndChainAndChecksTheChain()
    {
        var paths = Chain(3).Select((receipt, i) =>
        {
            var path = PathOf($"r{i}.receipt.p7s");
            File.WriteAllBytes(path, Sign(Accepted(receipt.Sha256, 1, receipt.Sequence!.Value, receipt.Chain!.Position, receipt.Chain.Previous, receipt.Chain.Value), "vault"));
            return path;
        }).ToArray();

        var (exitCode, output) = await CliHarness.RunAsync(["vault", "receipt", "--in", .. paths, "--vault-cert", PathOf("vault.crt")]);

        Assert.Equal(0, exitCode);
        Assert.Contains($"{FileName}: accepted", output, StringComparison.Ordinal);
        Assert.Contains("chain holds over positions 1 to 3", output, StringComparison.Ordinal);

        var (refused, message) = await CliHarness.RunAsync(["vault", "receipt", "--in", paths[0], "--vault-cert", PathOf("other.crt")]);
        Assert.Equal(1, refused);
        Assert.Contains("lottopar vault receipt: The receipt was not signed by the vault certificate", message, StringComparison.Ordinal);
    }

    private static List<VaultReceipt> Chain(int length)
    {
        var receipts = new List<VaultReceipt>();
        var previous = VaultReceiptChain.Genesis;
        for (var position = 1; position <= length; position++)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(position)));
            var value = VaultReceiptChain.Link(previous, hash, 40 + position);
            receipts.Add(VaultReceipt.Parse(Encoding.UTF8.GetBytes(Accepted(hash, 1, 40 + position, position, previous, value))));
            previous = value;
        }

        return receipts;
    }

    private static string Accepted(string sha256, long size, long sequence, long position, string previous, string value) => $$"""
        {"version":1,"receipt_id":"3f2b6c1e-8a4d-4e2f-9b7a-1c2d3e4f5a6b","oprid":"OPR-000042","file_name":"{{FileName}}","sha256":"{{sha256}}","size":{{size}},
         "received_at":"2026-12-03T14:00:05.123Z","verdict":"accepted","sequence":{{sequence}},"hour":"2026-12-03T13:00:00Z","part":1,"parts":1,"records":120,
         "counts":{"bet":{"records":10,"amount":12345},"login":{"records":110,"amount":0} },"errors":[],"error_count":0,
         "chain":{"position":{{position}},"previous":"{{previous}}","value":"{{value}}"} }
        """;

    /// <summary>The contract's receipt: CMS SignedData, DER, content attached, SHA-256, signer's certificate included.</summary>
    private byte[] Sign(string json, string signer)
    {
        File.WriteAllText(PathOf("receipt.json"), json, new UTF8Encoding(false));
        Openssl("cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", PathOf("receipt.json"), "-signer", PathOf(signer + ".crt"),
            "-inkey", PathOf(signer + ".key"), "-outform", "DER", "-out", PathOf("receipt.p7s"));
        return File.ReadAllBytes(PathOf("receipt.p7s"));
    }

    private X509Certificate2 Certificate(string name) => X509CertificateLoader.LoadCertificateFromFile(PathOf(name + ".crt"));

    private static void Openssl(params string[] arguments) => ExternalTool.Run("openssl", arguments);

    private string PathOf(string name) => Path.Combine(_directory, name);
}
