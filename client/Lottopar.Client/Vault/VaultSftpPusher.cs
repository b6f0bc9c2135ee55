using System.Security.Cryptography.X509Certificates;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Lottopar.Client.Vault;

/// <summary>Where and as whom to push: the operator's SFTP account, its key, and the vault's pinned host key.</summary>
/// <param name="HostKeyFingerprint">The server's host key fingerprint, <c>SHA256:…</c> as <c>ssh-keygen -l</c> prints it: any other key is refused.</param>
public sealed record VaultSftpTarget(string Host, int Port, string User, string PrivateKeyFile, string HostKeyFingerprint);

/// <summary>What a push came to: the receipt (verified and for exactly the uploaded bytes), or none when not waited for or not in time.</summary>
public sealed record VaultPushResult(string RemoteName, VaultReceipt? Receipt);

/// <summary>
/// Uploads a sealed file to the vault's SFTP account as docs/vault-format.md section 2 prescribes
/// (<c>/incoming/NAME.part</c>, then renamed to <c>/incoming/NAME</c>; absolute paths, since the session starts in
/// <c>/incoming</c>), and optionally waits for <c>/receipts/NAME.receipt.p7s</c> and verifies it with <see cref="VaultReceipt"/>.
/// </summary>
public sealed class VaultSftpPusher(VaultSftpTarget target, TimeProvider? time = null)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="wait">How long to wait for the receipt; null not to wait.</param>
    /// <param name="vault">LOTTOPAR's vault certificate, to verify the receipt; required when waiting.</param>
    public async Task<VaultPushResult> PushAsync(string file, TimeSpan? wait, X509Certificate2? vault, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (wait is not null && vault is null)
        {
            throw new ArgumentException("Verifying the receipt needs the vault certificate.", nameof(vault));
        }

        var name = Path.GetFileName(file);
        var content = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        using var key = new PrivateKeyFile(target.PrivateKeyFile);
        using var client = new SftpClient(new ConnectionInfo(target.Host, target.Port, target.User, new PrivateKeyAuthenticationMethod(target.User, key)));
        string? refused = null;
        client.HostKeyReceived += (_, e) =>
        {
            e.CanTrust = SshHostKeyFingerprint.Matches(target.HostKeyFingerprint, e.HostKey);
            refused = e.CanTrust ? null : SshHostKeyFingerprint.Of(e.HostKey);
        };
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SshException error) when (refused is not null)
        {
            throw new SshConnectionException($"The server presented host key {refused}, not the pinned {target.HostKeyFingerprint}: refused.", error);
        }

        var incoming = $"/incoming/{name}";
        var partial = incoming + VaultFileName.UploadSuffix;
        using (var upload = new MemoryStream(content, writable: false))
        {
            await client.UploadFileAsync(upload, partial, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // posix-rename replaces a file left under the same name (one sent again after a rejection, section 8), which a plain SFTP rename refuses.
            client.RenameFile(partial, incoming, isPosix: true);
        }
        catch (NotSupportedException)
        {
            await client.RenameFileAsync(partial, incoming, cancellationToken).ConfigureAwait(false);
        }
        if (wait is null)
        {
            return new VaultPushResult(name, null);
        }

        var receipt = await AwaitReceiptAsync(client, name, content, wait.Value, vault!, cancellationToken).ConfigureAwait(false);
        return new VaultPushResult(name, receipt);
    }

    /// <summary>
    /// Polls for the receipt until one for exactly these bytes arrives or <paramref name="wait"/> passes: a receipt
    /// left from an earlier upload under the same name is for other bytes and is waited past.
    /// </summary>
    private async Task<VaultReceipt?> AwaitReceiptAsync(SftpClient client, string name, byte[] content, TimeSpan wait, X509Certificate2 vault, CancellationToken cancellationToken)
    {
        var path = $"/receipts/{name}{VaultReceipt.Suffix}";
        var deadline = _time.GetUtcNow() + wait;
        VaultReceiptException? lastError = null;
        while (true)
        {
            if (await client.ExistsAsync(path, cancellationToken).ConfigureAwait(false))
            {
                using var download = new MemoryStream();
                await client.DownloadFileAsync(path, download, cancellationToken).ConfigureAwait(false);
                try
                {
                    var receipt = VaultReceipt.Open(download.ToArray(), vault);
                    if (receipt.IsFor(content))
                    {
                        return receipt;
                    }
                }
                catch (VaultReceiptException error)
                {
                    // Possibly caught while being written; a bad one stays bad and is reported at the deadline.
                    lastError = error;
                }
            }

            if (_time.GetUtcNow() >= deadline)
            {
                return lastError is null ? null : throw lastError;
            }

            await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
