namespace Lottopar.Sandbox.Psp;

/// <summary>The sandbox PSP; bound from "Sandbox:Psp".</summary>
public sealed class PspOptions
{
    public const string SectionName = "Sandbox:Psp";

    /// <summary>The HTTPS port of the API Pix (mutual TLS); 0 in tests picks a free one.</summary>
    public int Port { get; set; } = 5091;

    /// <summary>The server's certificate and key (PEM) for the API Pix's TLS.</summary>
    public string CertificateFile { get; set; } = "";

    public string KeyFile { get; set; } = "";

    /// <summary>The CA (PEM) whose certificates clients must present: no client certificate, no connection.</summary>
    public string ClientCaFile { get; set; } = "";

    /// <summary>The ISPB the sandbox's payers' bank uses in end-to-end ids.</summary>
    public string PayerIspb { get; set; } = "99999008";

    /// <summary>Where the charges' locations point (the payload the payer's bank fetches).</summary>
    public string LocationHost { get; set; } = "pix.sandbox.lottopar.local";

    /// <summary>
    /// The certificate and key (PEM) the PSP presents when it posts its webhooks (mutual TLS, as the
    /// API Pix has it); unset, it presents none.
    /// </summary>
    public string WebhookClientCertificateFile { get; set; } = "";

    public string WebhookClientKeyFile { get; set; } = "";

    /// <summary>The CA (PEM) the receivers' certificates must chain to; unset, the system's roots.</summary>
    public string WebhookServerCaFile { get; set; } = "";

    public bool Enabled => CertificateFile.Length > 0;
}
