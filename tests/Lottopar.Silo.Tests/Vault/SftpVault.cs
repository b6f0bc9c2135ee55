using System.Diagnostics;
using System.Net.Sockets;
using Lottopar.Testing;

namespace Lottopar.Silo.Tests.Vault;

/// <summary>
/// The SFTP vault as deploy/run.sh runs it: a directory prepared by deploy/vault-sftp.sh (under
/// /var/lib, since a chroot may not be below /tmp) and Debian's sshd on a free port, asking the
/// test's silo for keys. Disposing stops sshd and deletes the directory (the OS accounts stay:
/// they are shared by every vault on the machine and cost nothing).
/// </summary>
public sealed class SftpVault : IAsyncDisposable
{
    private const string TestVaults = "/var/lib/lottopar-test-vault";

    private readonly Process _sshd;

    private SftpVault(string directory, int port, Process sshd)
    {
        Directory = directory;
        Port = port;
        _sshd = sshd;
    }

    public string Directory { get; }

    public int Port { get; }

    public string KnownHostsFile => Path.Combine(Directory, "known_hosts");

    public static string NewDirectory() => Path.Combine(TestVaults, Guid.NewGuid().ToString("N"));

    /// <summary>Prepares <paramref name="directory"/> with the deploy script and starts sshd; keys are asked of <paramref name="keysUrl"/>.</summary>
    public static async Task<SftpVault> StartAsync(string directory, string keysUrl)
    {
        var port = FreePort.Next();
        ExternalTool.Run(Repository.PathOf("deploy", "vault-sftp.sh"), "prepare", "--dir", directory, "--port", port.ToString(), "--keys-url", keysUrl);
        var hostKey = (await File.ReadAllTextAsync(Path.Combine(directory, "etc", "ssh_host_ed25519_key.pub"))).Trim();
        await File.WriteAllTextAsync(Path.Combine(directory, "known_hosts"), $"[127.0.0.1]:{port} {hostKey}\n");
        var sshd = Process.Start(new ProcessStartInfo("/usr/sbin/sshd", ["-D", "-f", Path.Combine(directory, "etc", "sshd_config"), "-E", Path.Combine(directory, "sshd.log")])
        {
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("sshd did not start.");
        var vault = new SftpVault(directory, port, sshd);
        await Eventually.HoldsAsync(() => Task.FromResult(vault.Listening()), listening => listening, $"sshd listens on {port} (log: {directory}/sshd.log)");
        return vault;
    }

    /// <summary>The jail of an operator's account, as the platform sees it.</summary>
    public string HomeOf(string oprid) => Path.Combine(Directory, "home", oprid.ToLowerInvariant());

    /// <summary>
    /// What the operator has uploaded and the vault not yet judged, by name: the files in its
    /// <c>incoming/</c> and those the silo has already taken into <c>processing/OPRID/</c>
    /// (named with the time taken: 19 digits and an underscore before the name).
    /// </summary>
    public IReadOnlyDictionary<string, string> Uploaded(string oprid)
    {
        var incoming = System.IO.Directory.GetFiles(Path.Combine(HomeOf(oprid), "incoming")).Select(path => (Name: Path.GetFileName(path), Path: path));
        var processing = Path.Combine(Directory, "processing", oprid);
        var taken = System.IO.Directory.Exists(processing)
            ? System.IO.Directory.GetFiles(processing).Select(path => (Name: Path.GetFileName(path)[20..], Path: path))
            : [];
        return incoming.Concat(taken).ToDictionary(f => f.Name, f => File.ReadAllText(f.Path));
    }

    /// <summary>Runs the real sftp client in batch mode as <paramref name="account"/>; each command as one batch line.</summary>
    public ToolResult Sftp(string account, string privateKeyFile, params string[] commands)
    {
        var batch = Path.Combine(Path.GetDirectoryName(privateKeyFile)!, $"batch-{Guid.NewGuid():N}");
        File.WriteAllLines(batch, commands);
        try
        {
            return ExternalTool.Try("sftp", [.. ClientOptions(privateKeyFile), "-P", Port.ToString(), "-b", batch, $"{account}@127.0.0.1"]);
        }
        finally
        {
            File.Delete(batch);
        }
    }

    /// <summary>Runs the ssh client asking for <paramref name="extra"/> (a command, a forwarding): what the vault must refuse.</summary>
    public ToolResult Ssh(string account, string privateKeyFile, params string[] extra) =>
        ExternalTool.Try("ssh", [.. ClientOptions(privateKeyFile), "-p", Port.ToString(), $"{account}@127.0.0.1", .. extra]);

    private string[] ClientOptions(string privateKeyFile) =>
    [
        "-F", "/dev/null", "-i", privateKeyFile, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes",
        "-o", $"UserKnownHostsFile={KnownHostsFile}", "-o", "ConnectTimeout=10", "-o", "PasswordAuthentication=no",
    ];

    public string Log => File.Exists(Path.Combine(Directory, "sshd.log")) ? File.ReadAllText(Path.Combine(Directory, "sshd.log")) : "";

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_sshd.HasExited)
        {
            _sshd.Kill(entireProcessTree: true);
            await _sshd.WaitForExitAsync();
        }

        _sshd.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
