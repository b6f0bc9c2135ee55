using System.Net;
using System.Net.Http.Json;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Silo.Vault;
using Xunit;

namespace Lottopar.Silo.Tests.Vault;

/// <summary>
/// The SFTP vault with Debian's sshd and the real sftp and ssh clients: each operator in its own
/// jail, keys and suspensions taking effect at the next login, the allow-list, and nothing but SFTP.
/// </summary>
public sealed class VaultSftpTests(SftpVaultFixture fixture) : IClassFixture<SftpVaultFixture>, IDisposable
{
    private readonly HttpClient _admin = fixture.Admin;
    private readonly SftpVault _sftp = fixture.Sftp;
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("lottopar-sftp-keys-");

    public void Dispose() => _keys.Delete(recursive: true);

    [Fact]
    public async Task AnOperatorUploadsIntoItsIncomingAndOnlyReadsItsReceipts()
    {
        var a = await NewOperatorAsync();
        var local = LocalFile("hourly file bytes");

        var upload = _sftp.Sftp(a.Account, a.Key, $"put {local} /incoming/F.xml.p7m.part", "rename /incoming/F.xml.p7m.part /incoming/F.xml.p7m", "ls -1 /");

        Assert.True(upload.ExitCode == 0, upload.Errors + _sftp.Log);
        Assert.Equal("hourly file bytes", _sftp.Uploaded(a.Oprid)["F.xml.p7m"]);
        Assert.Equal(["/incoming", "/receipts"], upload.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('/')).Order());
        var intoReceipts = _sftp.Sftp(a.Account, a.Key, $"put {local} /receipts/forged.receipt.p7s");
        Assert.NotEqual(0, intoReceipts.ExitCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(_sftp.HomeOf(a.Oprid), "receipts")));
        await File.WriteAllTextAsync(Path.Combine(_sftp.HomeOf(a.Oprid), "receipts", "R"), "a receipt");
        var download = Path.Combine(_keys.FullName, "R");
        Assert.Equal(0, _sftp.Sftp(a.Account, a.Key, $"get /receipts/R {download}").ExitCode);
        Assert.Equal("a receipt", await File.ReadAllTextAsync(download));
    }

    [Fact]
    public async Task AnotherOperatorsFilesCannotBeListedReadOrWritten()
    {
        var a = await NewOperatorAsync();
        var b = await NewOperatorAsync();
        Assert.Equal(0, _sftp.Sftp(a.Account, a.Key, $"put {LocalFile("A's file")} /incoming/A.xml.p7m").ExitCode);
        var stolen = Path.Combine(_keys.FullName, "stolen");

        var listing = _sftp.Sftp(b.Account, b.Key, "ls -1a /..", "ls -1a /../..");
        var read = _sftp.Sftp(b.Account, b.Key, $"get /../{a.Account}/incoming/A.xml.p7m {stolen}");
        var write = _sftp.Sftp(b.Account, b.Key, $"put {LocalFile("B's file")} /../{a.Account}/incoming/B.xml.p7m");
        var asA = _sftp.Sftp(a.Account, b.Key, "ls /incoming");

        Assert.Equal(0, listing.ExitCode);
        Assert.DoesNotContain(a.Account, listing.Output);
        Assert.NotEqual(0, read.ExitCode);
        Assert.False(File.Exists(stolen));
        Assert.NotEqual(0, write.ExitCode);
        Assert.Equal(["A.xml.p7m"], _sftp.Uploaded(a.Oprid).Keys);
        Assert.NotEqual(0, asA.ExitCode);
        Assert.Contains("Permission denied", asA.Errors);
    }

    [Fact]
    public async Task ARemovedKeyOrASuspensionShutsTheDoorAtTheNextLogin()
    {
        var a = await NewOperatorAsync();
        Assert.Equal(0, _sftp.Sftp(a.Account, a.Key, "ls /incoming").ExitCode);

        await Expect.StatusAsync(await _admin.DeleteAsync($"/admin/operators/{a.Oprid}/vault/ssh-keys?fingerprint={Uri.EscapeDataString(a.Fingerprint)}"), 200);
        var afterRemoval = _sftp.Sftp(a.Account, a.Key, "ls /incoming");
        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/operators/{a.Oprid}/vault/ssh-keys", new { publicKey = a.PublicKey }), 200);
        var afterReAdding = _sftp.Sftp(a.Account, a.Key, "ls /incoming");
        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/operators/{a.Oprid}/status", new { status = "suspended", reason = "Late vault files" }), 200);
        var whileSuspended = _sftp.Sftp(a.Account, a.Key, "ls /incoming");
        await PlatformHost.ActivateAsync(_admin, a.Oprid);
        var afterReactivation = _sftp.Sftp(a.Account, a.Key, "ls /incoming");

        Assert.Equal([255, 0, 255, 0], [afterRemoval.ExitCode, afterReAdding.ExitCode, whileSuspended.ExitCode, afterReactivation.ExitCode]);
        Assert.Contains("Permission denied", whileSuspended.Errors);
    }

    [Fact]
    public async Task TheAllowListDecidesWhereLoginsMayComeFrom()
    {
        var a = await NewOperatorAsync();

        var elsewhere = await Expect.JsonAsync(await _admin.PutAsJsonAsync($"/admin/operators/{a.Oprid}/vault/allowed-sources", new { allowedSources = new[] { "10.9.9.0/24", "2001:db8::/32" } }));
        var fromElsewhere = _sftp.Sftp(a.Account, a.Key, "ls /incoming");
        await Expect.StatusAsync(await _admin.PutAsJsonAsync($"/admin/operators/{a.Oprid}/vault/allowed-sources", new { allowedSources = new[] { "10.9.9.0/24", "127.0.0.1" } }), 200);
        var fromHere = _sftp.Sftp(a.Account, a.Key, "ls /incoming");
        var everyone = await _admin.PutAsJsonAsync($"/admin/operators/{a.Oprid}/vault/allowed-sources", new { allowedSources = new[] { "127.0.0.1", "0.0.0.0/0" } });

        Assert.Equal(["10.9.9.0/24", "2001:db8::/32"], elsewhere.GetProperty("allowedSources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(255, fromElsewhere.ExitCode);
        Assert.Equal(0, fromHere.ExitCode);
        var problem = await Expect.ProblemAsync(everyone, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("allowedSources[1]", out _), problem.ToString());
    }

    [Fact]
    public async Task NothingButSftpWithAKeyAndNoLinks()
    {
        var a = await NewOperatorAsync();

        var command = _sftp.Ssh(a.Account, a.Key, "-T", "echo", "shell-reached");
        var forwarding = _sftp.Ssh(a.Account, a.Key, "-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:22");
        var password = _sftp.Ssh(a.Account, a.Key, "-o", "PreferredAuthentications=password,keyboard-interactive", "true");
        var link = _sftp.Sftp(a.Account, a.Key, "symlink /receipts /incoming/link");

        Assert.DoesNotContain("shell-reached", command.Output);
        Assert.NotEqual(0, forwarding.ExitCode);
        Assert.Contains("forwarding failed", forwarding.Errors);
        Assert.Contains("Permission denied (publickey)", password.Errors);
        Assert.NotEqual(0, link.ExitCode);
        Assert.False(Path.Exists(Path.Combine(_sftp.HomeOf(a.Oprid), "incoming", "link")));
    }

    [Fact]
    public async Task TheKeysAreToldOnlyToTheHolderOfTheToken()
    {
        var a = await NewOperatorAsync();
        var url = $"/internal/vault/sftp/authorized-keys?user={a.Account}";
        var client = fixture.Silo.CreateClient();
        var token = (await File.ReadAllTextAsync(Path.Combine(_sftp.Directory, "etc", "keys-token"))).Trim();

        var without = await client.GetAsync(url);
        client.DefaultRequestHeaders.Add(VaultSftpKeysApi.TokenHeader, token[..^1] + (token[^1] == 'a' ? 'b' : 'a'));
        var wrong = await client.GetAsync(url);
        client.DefaultRequestHeaders.Remove(VaultSftpKeysApi.TokenHeader);
        client.DefaultRequestHeaders.Add(VaultSftpKeysApi.TokenHeader, token);
        var right = await client.GetStringAsync(url);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound], [without.StatusCode, wrong.StatusCode]);
        Assert.Equal($"restrict {a.PublicKey}\n", right);
    }

    private Task<VaultOperator> NewOperatorAsync() => fixture.NewOperatorAsync(_keys.FullName);

    private string LocalFile(string content)
    {
        var path = Path.Combine(_keys.FullName, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        return path;
    }
}
