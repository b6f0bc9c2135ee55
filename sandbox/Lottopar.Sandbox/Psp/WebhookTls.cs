using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Lottopar.Sandbox.Psp;

/// <summary>How the sandbox PSP connects to the receivers' webhooks: with its client certificate, to a server of the configured CA.</summary>
internal static class WebhookTls
{
    public static SocketsHttpHandler Handler(PspOptions options)
    {
        var handler = new SocketsHttpHandler();
        if (options.WebhookClientCertificateFile.Length > 0)
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.WebhookClientCertificateFile, options.WebhookClientKeyFile);
            handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
        }

        if (options.WebhookServerCaFile.Length > 0)
        {
            var ca = X509Certificate2.CreateFromPem(File.ReadAllText(options.WebhookServerCaFile));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => ChainsTo(certificate, ca, errors);
        }

        return handler;
    }

    private static bool ChainsTo(X509Certificate? certificate, X509Certificate2 ca, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
