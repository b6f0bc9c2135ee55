using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// An operator's lottery provider data (provider code, IP allow-list, POS terminals) and vault
/// credentials (SSH keys from ssh-keygen, a certificate from openssl), each unique where it must be.
/// </summary>
public sealed class LotteryProviderAndVaultTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static int s_code = Random.Shared.Next(1, 900);
    private readonly HttpClient _admin = fixture.Admin;

    private static string NewProviderCode() => (Interlocked.Increment(ref s_code) % 99 + 1).ToString();

    private static string NewPrinterSerial() => Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    private Task<HttpResponseMessage> ConfigureAsync(string oprid, string code, params string[] ips) =>
        _admin.PutAsJsonAsync($"/admin/operators/{oprid}/lottery-provider", new { providerCode = code, allowedIps = ips, enabled = true });

    [Fact]
    public async Task ProviderCodeAndPosTerminalsAreRegisteredAndNormalised()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var code = NewProviderCode();
        await Expect.StatusAsync(await ConfigureAsync(oprid, code.PadLeft(3, '0'), "200.10.20.0/24", "2001:db8::/32", "198.51.100.7"), 200);
        var serial = NewPrinterSerial();

        var view = await Expect.JsonAsync(await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/pos", new { posCode = "0028", printerSerial = serial.ToLowerInvariant() }));

        Assert.Equal(code, view.GetProperty("providerCode").GetString());
        Assert.Equal(["200.10.20.0/24", "2001:db8::/32", "198.51.100.7"], view.GetProperty("allowedIps").EnumerateArray().Select(i => i.GetString()));
        var terminal = Assert.Single(view.GetProperty("posTerminals").EnumerateArray());
        Assert.Equal(("28", serial, true, false), (terminal.GetProperty("posCode").GetString(), terminal.GetProperty("printerSerial").GetString(),
            terminal.GetProperty("active").GetBoolean(), terminal.GetProperty("administrative").GetBoolean()));
        var deactivated = await Expect.JsonAsync(await _admin.PutAsJsonAsync($"/admin/operators/{oprid}/pos/28", new { active = false }));
        Assert.False(deactivated.GetProperty("posTerminals")[0].GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task OneAdministrativePosPerProvider()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        await Expect.StatusAsync(await ConfigureAsync(oprid, NewProviderCode()), 200);
        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/pos", new { posCode = "1", printerSerial = NewPrinterSerial(), administrative = true }), 200);
        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/pos", new { posCode = "2", printerSerial = NewPrinterSerial() }), 200);

        var view = await Expect.JsonAsync(await _admin.PutAsJsonAsync($"/admin/operators/{oprid}/pos/2", new { administrative = true }));

        Assert.Equal(["2"], view.GetProperty("posTerminals").EnumerateArray()
            .Where(p => p.GetProperty("administrative").GetBoolean()).Select(p => p.GetProperty("posCode").GetString()));
    }

    [Fact]
    public async Task ProviderCodeAndPrinterSerialBelongToOneOperatorOnly()
    {
        var (first, second) = (await PlatformHost.OnboardAsync(_admin), await PlatformHost.OnboardAsync(_admin));
        var (code, serial) = (NewProviderCode(), NewPrinterSerial());
        await Expect.StatusAsync(await ConfigureAsync(first, code), 200);
        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/operators/{first}/pos", new { posCode = "1", printerSerial = serial }), 200);

        var codeClash = await Expect.ProblemAsync(await ConfigureAsync(second, code), HttpStatusCode.Conflict, "conflict");
        await Expect.StatusAsync(await ConfigureAsync(second, NewProviderCode()), 200);
        var serialClash = await Expect.ProblemAsync(
            await _admin.PostAsJsonAsync($"/admin/operators/{second}/pos", new { posCode = "1", printerSerial = serial }), HttpStatusCode.Conflict, "conflict");
        var posClash = await Expect.ProblemAsync(
            await _admin.PostAsJsonAsync($"/admin/operators/{first}/pos", new { posCode = "001", printerSerial = NewPrinterSerial() }), HttpStatusCode.Conflict, "conflict");

        Assert.Equal("providerCode", codeClash.GetProperty("field").GetString());
        Assert.Contains(first, codeClash.GetProperty("detail").GetString());
        Assert.Equal("printerSerial", serialClash.GetProperty("field").GetString());
        Assert.Equal("posCode", posClash.GetProperty("field").GetString());
    }

    [Fact]
    public async Task BadProviderDataIsRefusedNamingTheField()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);

        var noProvider = await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/pos", new { posCode = "1", printerSerial = NewPrinterSerial() });
        var badCode = await ConfigureAsync(oprid, "1234");
        var badIps = await ConfigureAsync(oprid, NewProviderCode(), "10.0.0.5/24", "0.0.0.0/0", "not-an-ip");
        await Expect.StatusAsync(await ConfigureAsync(oprid, NewProviderCode()), 200);
        var badPos = await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/pos", new { posCode = "123456", printerSerial = "SHORT" });

        Assert.True((await Expect.ProblemAsync(noProvider, (HttpStatusCode)422, "validation_failed")).GetProperty("errors").TryGetProperty("posCode", out _));
        Assert.True((await Expect.ProblemAsync(badCode, (HttpStatusCode)422, "validation_failed")).GetProperty("errors").TryGetProperty("providerCode", out _));
        var ipErrors = (await Expect.ProblemAsync(badIps, (HttpStatusCode)422, "validation_failed")).GetProperty("errors");
        Assert.Equal(["allowedIps[0]", "allowedIps[1]", "allowedIps[2]"], ipErrors.EnumerateObject().Select(e => e.Name).Order());
        var posErrors = (await Expect.ProblemAsync(badPos, (HttpStatusCode)422, "validation_failed")).GetProperty("errors");
        Assert.Equal(["posCode", "printerSerial"], posErrors.EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task VaultSshKeyIsStoredWithItsOpenSshFingerprintAndBelongsToOneOperator()
    {
        var (first, second) = (await PlatformHost.OnboardAsync(_admin), await PlatformHost.OnboardAsync(_admin));
        var (publicKey, fingerprint) = await NewSshKeyAsync();

        var view = await Expect.JsonAsync(await _admin.PostAsJsonAsync($"/admin/operators/{first}/vault/ssh-keys", new { publicKey }));
        var clash = await _admin.PostAsJsonAsync($"/admin/operators/{second}/vault/ssh-keys", new { publicKey });

        Assert.Equal(fingerprint, view.GetProperty("sshKeys")[0].GetProperty("fingerprint").GetString());
        Assert.Equal("publicKey", (await Expect.ProblemAsync(clash, HttpStatusCode.Conflict, "conflict")).GetProperty("field").GetString());
        var removed = await Expect.JsonAsync(await _admin.DeleteAsync($"/admin/operators/{first}/vault/ssh-keys?fingerprint={Uri.EscapeDataString(fingerprint)}"));
        Assert.Empty(removed.GetProperty("sshKeys").EnumerateArray());
        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/operators/{second}/vault/ssh-keys", new { publicKey }), 200);
    }

    [Fact]
    public async Task SigningCertificateIsAcceptedAndAPrivateKeyNever()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var (certificate, privateKey) = await NewCertificateAsync();

        var view = await Expect.JsonAsync(await _admin.PutAsJsonAsync($"/admin/operators/{oprid}/vault/signing-certificate", new { pem = certificate }));
        var withKey = await _admin.PutAsJsonAsync($"/admin/operators/{oprid}/vault/signing-certificate", new { pem = certificate + privateKey });

        Assert.Contains("CN=OPERADORA TESTE", view.GetProperty("signingCertificate").GetProperty("subject").GetString());
        Assert.True((await Expect.ProblemAsync(withKey, (HttpStatusCode)422, "validation_failed")).GetProperty("errors").TryGetProperty("pem", out _));
    }

    [Fact]
    public async Task AVaultChangeThatCannotBeWrittenLeavesNoTraceAndNoAuditEntry()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var (publicKey, _) = await NewSshKeyAsync();

        fixture.Silo.Faults.FailNextSerialisation<Lottopar.Grains.Operators.VaultCredentialsState>();
        var failed = await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/vault/ssh-keys", new { publicKey });

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Empty((await Expect.JsonAsync(await _admin.GetAsync($"/api/operators/{oprid}/vault"))).GetProperty("sshKeys").EnumerateArray());
        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/vault/ssh-keys", new { publicKey }), 200);
        var audit = await Eventually.HoldsAsync(
            async () => (await _admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/admin/audit?oprid={oprid}&action=vault.ssh_key_added")).EnumerateArray().ToList(),
            entries => entries.Count >= 1,
            "the successful change is audited");
        Assert.Single(audit); // once: the failed attempt left no entry
    }

    private static async Task<(string PublicKey, string Fingerprint)> NewSshKeyAsync()
    {
        var directory = Directory.CreateTempSubdirectory("lottopar-ssh-");
        try
        {
            var file = Path.Combine(directory.FullName, "id");
            await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "operator@vault", "-f", file);
            var fingerprint = (await RunAsync("ssh-keygen", "-l", "-E", "sha256", "-f", file + ".pub")).Split(' ')[1];
            return ((await File.ReadAllTextAsync(file + ".pub")).Trim(), fingerprint);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(string Certificate, string PrivateKey)> NewCertificateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("lottopar-cert-");
        try
        {
            var (cert, key) = (Path.Combine(directory.FullName, "c.pem"), Path.Combine(directory.FullName, "k.pem"));
            await RunAsync("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
                "-days", "365", "-subj", "/C=BR/O=Operadora Teste/CN=OPERADORA TESTE");
            return (await File.ReadAllTextAsync(cert), await File.ReadAllTextAsync(key));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
