using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Vault;

/// <summary>
/// LOTTOPAR's vault certificate with its private key: operators encrypt their files to it, and it
/// signs the receipts. Read from <see cref="VaultOptions.CertificateFile"/> and
/// <see cref="VaultOptions.KeyFile"/> (PEM; the key file readable by the silo only) at first use.
/// </summary>
public sealed class VaultKey(IOptions<VaultOptions> options) : IDisposable
{
    private readonly Lazy<X509Certificate2> _certificate = new(() => Load(options.Value));

    public X509Certificate2 Certificate => _certificate.Value;

    /// <summary>The certificate alone, in PEM: what operators are given.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    private static X509Certificate2 Load(VaultOptions vault)
    {
        if (vault.CertificateFile is null || vault.KeyFile is null)
        {
            throw new InvalidOperationException("Lottopar:Vault:CertificateFile and Lottopar:Vault:KeyFile must name LOTTOPAR's vault certificate and key (PEM).");
        }

        return X509Certificate2.CreateFromPemFile(vault.CertificateFile, vault.KeyFile);
    }

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
        {
            _certificate.Value.Dispose();
        }
    }
}
