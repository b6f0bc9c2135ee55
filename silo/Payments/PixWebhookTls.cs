using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Lottopar.Silo.Payments;

/// <summary>
/// The mutual TLS of the PSPs' webhooks (the API Pix's rule: a webhook's body is not signed, its
/// connection is); bound from "Lottopar:Payments:WebhookTls". Set, the silo also listens on
/// <see cref="Port"/> with HTTPS, a PSP must present a client certificate issued by a CA of
/// <see cref="ClientCaFile"/>, and the webhook routes answer there only.
/// </summary>
public sealed class PixWebhookTlsOptions
{
    public const string SectionName = "Lottopar:Payments:WebhookTls";

    /// <summary>The address to listen on: 127.0.0.1 behind a proxy that passes TLS through, a public one otherwise.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The HTTPS port of the webhooks; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 5092;

    /// <summary>The platform's certificate and key (PEM) for this port.</summary>
    public string CertificateFile { get; set; } = "";

    public string KeyFile { get; set; } = "";

    /// <summary>The CAs (PEM, one or more) whose certificates PSPs may present; the system's roots are not asked.</summary>
    public string ClientCaFile { get; set; } = "";

    public bool Enabled => CertificateFile.Length > 0;
}

/// <summary>The webhook port in Kestrel and the rule that keeps the webhooks on it (and only them).</summary>
public static class PixWebhookTls
{
    /// <summary>
    /// Listens on the webhook port when configured. Explicit listening makes Kestrel drop the
    /// addresses of "urls" (--urls), so these are listened on here too.
    /// </summary>
    public static void Listen(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        var options = configuration.GetSection(PixWebhookTlsOptions.SectionName).Get<PixWebhookTlsOptions>() ?? new PixWebhookTlsOptions();
        if (!options.Enabled)
        {
            return;
        }

        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = BindingAddress.Parse(url);
            if (address.Scheme != Uri.UriSchemeHttp)
            {
                throw new InvalidOperationException($"With {PixWebhookTlsOptions.SectionName} set, --urls takes http:// addresses only ('{url}').");
            }

            if (IPAddress.TryParse(address.Host, out var ip))
            {
                kestrel.Listen(ip, address.Port);
            }
            else if (address.Host == "localhost")
            {
                kestrel.ListenLocalhost(address.Port);
            }
            else
            {
                kestrel.ListenAnyIP(address.Port);
            }
        }

        using var pem = X509Certificate2.CreateFromPemFile(options.CertificateFile, options.KeyFile);
        var serverCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null); // TLS on Linux needs a key that is not ephemeral
        var clientCas = new X509Certificate2Collection();
        clientCas.ImportFromPemFile(options.ClientCaFile);
        kestrel.Listen(IPAddress.Parse(options.Address), options.Port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (certificate, _, _) => PrivateCas.Issued(certificate, clientCas),
        }));
    }

    /// <summary>
    /// With the webhook port set: its connections reach the webhook routes only, and the webhook
    /// routes answer on its connections only (404 elsewhere, as for a route that does not exist).
    /// </summary>
    public static IApplicationBuilder UsePixWebhookTls(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PixWebhookTlsOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            var onWebhookPort = context.Connection.ClientCertificate is not null;
            var webhookRoute = context.Request.Path.StartsWithSegments(PixWebhookApi.PathPrefix, StringComparison.Ordinal);
            if (onWebhookPort != webhookRoute)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

}
