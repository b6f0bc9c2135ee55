namespace Lottopar.Silo.Vault;

/// <summary>The electronic vault (issue 17): where its SFTP accounts and files live, and its timings.</summary>
public sealed class VaultOptions
{
    public const string SectionName = "Lottopar:Vault";

    /// <summary>
    /// The directory deploy/vault-sftp.sh prepared (etc/, home/, archive/). Unset: this silo runs no
    /// SFTP vault (no accounts, no ingestion); the rest of the platform is unaffected.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>How often the OS accounts are brought in line with the operators that have SSH keys.</summary>
    public TimeSpan AccountSyncInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the operators' <c>incoming/</c> are scanned besides the file-system watch (which may miss events).</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>LOTTOPAR's vault certificate (PEM): operators encrypt to it, receipts are signed with it.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The private key of <see cref="CertificateFile"/> (PEM, unencrypted; mode 600, root's).</summary>
    public string? KeyFile { get; set; }

    public string? KeysTokenFile => Directory is null ? null : Path.Combine(Directory, "etc", "keys-token");

    public string? HomesDirectory => Directory is null ? null : Path.Combine(Directory, "home");

    /// <summary>Uploads taken from <c>incoming/</c> and not yet judged (root's only).</summary>
    public string? ProcessingDirectory => Directory is null ? null : Path.Combine(Directory, "processing");

    public string? ArchiveDirectory => Directory is null ? null : Path.Combine(Directory, "archive");
}
