using System.Net;
using System.Security.Cryptography.X509Certificates;
using Lottopar.Sandbox.Psp;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Npgsql;

namespace Lottopar.Sandbox;

/// <summary>
/// Composes the sandbox: its database, its plain HTTP port on 127.0.0.1 (Sandbox:Port: the tax
/// registry and the sandbox's controls) and, when a certificate is configured, the PSP's API Pix on an HTTPS port that
/// requires a client certificate from the configured CA.
/// </summary>
public static class SandboxApp
{
    /// <param name="clock">The sandbox's clock (tests move it to expire charges); the system's by default.</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var connectionString = builder.Configuration.GetConnectionString("Sandbox")
            ?? throw new InvalidOperationException("ConnectionStrings:Sandbox is not set.");
        builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.SectionName)
            .Validate(o => o.AdminToken.Length >= 16, "Sandbox:AdminToken needs at least 16 characters.").ValidateOnStart();
        builder.Services.AddOptions<TaxRegistryOptions>().BindConfiguration(TaxRegistryOptions.SectionName)
            .Validate(o => o.Token.Length >= 16, "Sandbox:TaxRegistry:Token needs at least 16 characters.").ValidateOnStart();
        builder.Services.AddOptions<PspOptions>().BindConfiguration(PspOptions.SectionName);
        builder.Services.AddSingleton<SandboxAdmin>();
        builder.Services.AddSingleton<TaxRegistryStore>();
        builder.Services.AddSingleton<TaxRegistryFaults>();
        builder.Services.AddSingleton<NationalSelfExclusionStore>();
        builder.Services.AddSingleton<PspStore>();
        builder.Services.AddSingleton<PspTokens>();
        builder.Services.AddSingleton<PspFaults>();
        builder.Services.AddSingleton<PayoutStore>();
        builder.Services.AddSingleton<PayoutFaults>();
        builder.Services.AddSingleton<PixKeyDirectory>();
        builder.Services.AddSingleton<PspPayer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PspPayer>());
        builder.Services.AddHttpClient(nameof(PspPayer), http => http.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookTls.Handler(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PspOptions>>().Value));
        builder.Services.AddHostedService<SandboxSchema>();

        var sandbox = builder.Configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>() ?? new SandboxOptions();
        var psp = builder.Configuration.GetSection(PspOptions.SectionName).Get<PspOptions>() ?? new PspOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, sandbox.Port);
            if (psp.Enabled)
            {
                ListenWithMutualTls(kestrel, psp);
            }
        });

        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapTaxRegistry();
        app.MapNationalSelfExclusion();
        app.MapPspSandboxApi();
        app.MapPspApi();
        return app;
    }

    /// <summary>
    /// The API Pix's port: TLS with the configured certificate, and a client certificate required,
    /// issued by the configured CA (checked against that CA alone, not the system's roots).
    /// </summary>
    private static void ListenWithMutualTls(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, PspOptions psp)
    {
        using var pem = X509Certificate2.CreateFromPemFile(psp.CertificateFile, psp.KeyFile);
        var clientCa = X509Certificate2.CreateFromPem(File.ReadAllText(psp.ClientCaFile));
        kestrel.Listen(IPAddress.Loopback, psp.Port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            // Exported and re-imported: TLS on Linux needs a certificate whose key is not ephemeral.
            ServerCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null),
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (certificate, _, _) => IssuedBy(certificate, clientCa),
        }));
    }

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}

/// <summary>Creates the sandbox's tables at start-up (it owns its database; nothing to migrate).</summary>
public sealed class SandboxSchema(NpgsqlDataSource dataSource) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var schema in new[] { TaxRegistryStore.Schema, NationalSelfExclusionStore.Schema, PspStore.Schema, PayoutStore.Schema })
        {
            await using var command = dataSource.CreateCommand(schema);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
