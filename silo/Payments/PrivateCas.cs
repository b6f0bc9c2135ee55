using System.Security.Cryptography.X509Certificates;

namespace Lottopar.Silo.Payments;

/// <summary>Whether a certificate chains to one of the given CAs alone (a PSP's private CA), the system's roots not asked, revocation not checked.</summary>
public static class PrivateCas
{
    public static bool Issued(X509Certificate2 certificate, X509Certificate2Collection cas)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
