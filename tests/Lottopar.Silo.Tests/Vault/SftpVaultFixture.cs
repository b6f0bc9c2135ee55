using System.Net.Http.Json;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Silo.Tests.Vault;

/// <summary>An operator with an SFTP account: its OPRID, account name, private key file, public key line and fingerprint.</summary>
public sealed record VaultOperator(string Oprid, string Account, string Key, string PublicKey, string Fingerprint);

/// <summary>A silo on a real socket with its SFTP vault (sshd asking it for keys), and a signed-in admin, shared by a class's tests.</summary>
public class SftpVaultFixture : IAsyncLifetime
{
    public PlatformHost Silo { get; private set; } = null!;

    public SftpVault Sftp { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        var directory = SftpVault.NewDirectory();
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["Lottopar:Vault:Directory"] = directory,
            ["Lottopar:Vault:AccountSyncInterval"] = "00:00:00.200",
        };
        Silo = await PlatformHost.StartAsync(settings: settings, kestrel: true);
        var url = Silo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Sftp = await SftpVault.StartAsync(directory, url.TrimEnd('/'));
        Admin = await Silo.AdminAsync();
    }

    /// <summary>Signs LOTTOPAR's admin in again (a test that moves the clock past the staff session's 8 hours leaves a fresh one).</summary>
    public async Task SignInAgainAsync() => Admin = await Silo.AdminAsync();

    /// <summary>An active operator with an SSH key made by ssh-keygen in <paramref name="keys"/>, once its SFTP account is ready.</summary>
    public async Task<VaultOperator> NewOperatorAsync(string keys)
    {
        var oprid = await PlatformHost.OnboardAsync(Admin);
        await PlatformHost.ActivateAsync(Admin, oprid);
        var key = Path.Combine(keys, oprid);
        ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", $"{oprid}@operator", "-f", key);
        var publicKey = (await File.ReadAllTextAsync(key + ".pub")).Trim();
        var fingerprint = ExternalTool.Run("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub").Split(' ')[1];
        await Expect.StatusAsync(await Admin.PostAsJsonAsync($"/admin/operators/{oprid}/vault/ssh-keys", new { publicKey }), 200);
        var receipts = Path.Combine(Sftp.HomeOf(oprid), "receipts");
        await Eventually.HoldsAsync(() => Task.FromResult(Directory.Exists(receipts) && ExternalTool.Run("stat", "-c", "%a", receipts).Trim() == "2750"),
            ready => ready, $"the SFTP account of {oprid} is made");
        return new VaultOperator(oprid, oprid.ToLowerInvariant(), key, publicKey, fingerprint);
    }

    public async Task DisposeAsync()
    {
        await Sftp.DisposeAsync();
        await Silo.DisposeAsync();
    }
}
