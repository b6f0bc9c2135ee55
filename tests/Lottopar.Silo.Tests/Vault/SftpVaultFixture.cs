using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Silo.Tests.Vault;

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

    public async Task DisposeAsync()
    {
        await Sftp.DisposeAsync();
        await Silo.DisposeAsync();
    }
}
