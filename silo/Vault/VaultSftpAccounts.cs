using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Vault;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lottopar.Silo.Vault;

/// <summary>
/// Keeps one OS account per operator with SSH keys, each with its chroot under the vault's
/// <c>home/</c>: the jail root:root 755, <c>incoming/</c> the operator's (it uploads there), and
/// <c>receipts/</c> root's with the operator's group and setgid (it reads its receipts there, never
/// writes; the receipts the silo writes take that group). sshd lets in only the group
/// <c>lottopar-vault</c>; which keys log in is asked of the platform at each login
/// (<see cref="VaultSftpKeysApi"/>), so an account alone opens nothing. Accounts are never deleted:
/// an operator's files and receipts stay readable by the platform after its keys are gone.
/// </summary>
/// <remarks>Each operator's vault grain starts watching for missing hours once its account is ready. Runs only when <see cref="VaultOptions.Directory"/> is set, and then needs root (useradd, chown).</remarks>
public sealed class VaultSftpAccounts(NpgsqlDataSource dataSource, Orleans.IGrainFactory grains, IOptions<VaultOptions> options, ILogger<VaultSftpAccounts> logger) : BackgroundService
{
    public const string Group = "lottopar-vault";

    private readonly HashSet<string> _ready = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.HomesDirectory is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.AccountSyncInterval);
        do
        {
            try
            {
                await SyncAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Vault SFTP accounts: could not bring the accounts in line; trying again in {Interval}", options.Value.AccountSyncInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select distinct grain_key from grain_unique_keys where scope = 'vault.ssh_key'");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var oprids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            oprids.Add(reader.GetString(0));
        }

        foreach (var oprid in oprids.Where(o => !_ready.Contains(o)))
        {
            await EnsureAccountAsync(oprid, cancellationToken);
            await grains.Keyed<IVaultGrain>(oprid).WatchAsync();
            _ready.Add(oprid);
            logger.LogInformation("Vault SFTP account {Account} is ready for {Oprid}", VaultAccountNames.Of(oprid), oprid);
        }
    }

    private async Task EnsureAccountAsync(string oprid, CancellationToken cancellationToken)
    {
        var account = VaultAccountNames.Of(oprid);
        if (!await AccountExistsAsync(account, cancellationToken))
        {
            var created = await OsCommand.RunAsync("useradd",
                ["--system", "--user-group", "--groups", Group, "--no-create-home", "--home-dir", "/", "--shell", "/usr/sbin/nologin", "--password", "*", account],
                cancellationToken);

            // Another silo (or test host) may have created it a moment ago: then it exists now.
            if (created.ExitCode != 0 && !await AccountExistsAsync(account, cancellationToken))
            {
                throw new InvalidOperationException($"useradd {account} failed ({created.ExitCode}): {created.Output}");
            }
        }

        var home = Path.Combine(options.Value.HomesDirectory!, account);
        var incoming = Path.Combine(home, "incoming");
        var receipts = Path.Combine(home, "receipts");
        Directory.CreateDirectory(incoming);
        Directory.CreateDirectory(receipts);
        await OsCommand.RequireAsync("chown", ["root:root", home], cancellationToken);
        await OsCommand.RequireAsync("chmod", ["755", home], cancellationToken);
        await OsCommand.RequireAsync("chown", [$"{account}:{account}", incoming], cancellationToken);
        await OsCommand.RequireAsync("chmod", ["700", incoming], cancellationToken);
        await OsCommand.RequireAsync("chown", [$"root:{account}", receipts], cancellationToken);
        await OsCommand.RequireAsync("chmod", ["2750", receipts], cancellationToken);
    }

    private static async Task<bool> AccountExistsAsync(string account, CancellationToken cancellationToken) =>
        (await OsCommand.RunAsync("getent", ["passwd", account], cancellationToken)).ExitCode == 0;
}
