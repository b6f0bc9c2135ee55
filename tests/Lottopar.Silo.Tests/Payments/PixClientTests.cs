using System.Security.Cryptography.X509Certificates;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Payments;
using Lottopar.Silo.Payments;
using Lottopar.Silo.Tests.CpfChecks;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests.Payments;

/// <summary>The sandbox process alone, for the tests that drive it with the platform's PSP client.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxHost Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await SandboxHost.StartAsync();

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}

/// <summary>The platform's API Pix client against the sandbox PSP over mutual TLS: charges, PIX received, refunds, failures.</summary>
public sealed class PixClientTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    private SandboxHost Sandbox => fixture.Sandbox;

    [Fact]
    public async Task ChargeComesWithADynamicBrCodeForItsLocation()
    {
        using var client = await NewClientAsync();
        var txid = NewTxid();

        var charge = await client.CreateChargeAsync(txid, 12_345, 3600, CpfFixture.NewCpf(), "Ana Lima", "Depósito", default);

        Assert.Equal((txid, PixChargeStatus.Active, 12_345L, 3600), (charge.Txid, charge.Status, charge.Centavos, charge.ExpirySeconds));
        Assert.True(BrCodes.IsValid(charge.CopyAndPaste), charge.CopyAndPaste);
        Assert.Contains(charge.Location, charge.CopyAndPaste, StringComparison.Ordinal);
        Assert.Equal(charge, await client.GetChargeAsync(txid, default) is { } read ? read with { Received = charge.Received } : null);
    }

    [Fact]
    public async Task CreatingTheSameTxidAgainAnswersTheChargeThereUnlessItIsAnother()
    {
        using var client = await NewClientAsync();
        var txid = NewTxid();
        var first = await client.CreateChargeAsync(txid, 5_000, 600, null, null, "Depósito", default);

        var again = await client.CreateChargeAsync(txid, 5_000, 600, null, null, "Depósito", default);
        var other = await Assert.ThrowsAsync<PixRefusedException>(() => client.CreateChargeAsync(txid, 7_000, 600, null, null, "Depósito", default));

        Assert.Equal(first.Location, again.Location);
        Assert.Equal(400, other.Status);
        Assert.EndsWith("CobOperacaoInvalida", other.Type, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PaidChargeListsItsPixAndThePayersCpfIsFoundOnlyByFilter()
    {
        var settings = await Sandbox.NewPspAccountAsync();
        using var client = NewClient(settings);
        var txid = NewTxid();
        var payer = CpfFixture.NewCpf();
        await client.CreateChargeAsync(txid, 2_500, 600, payer, "Ana", "Depósito", default);

        await Expect.StatusAsync(await Sandbox.PayAsync(settings.Chave, txid, payer), 201);

        var paid = await client.GetChargeAsync(txid, default);
        var pix = Assert.Single(paid!.Received);
        Assert.Equal((PixChargeStatus.Completed, 2_500L, txid), (paid.Status, pix.Centavos, pix.Txid));
        var window = (From: pix.At.AddMinutes(-1), To: pix.At.AddMinutes(1));
        Assert.Single(await client.ListReceivedAsync(window.From, window.To, txid, payer, default));
        Assert.Empty(await client.ListReceivedAsync(window.From, window.To, txid, CpfFixture.NewCpf(), default));
        await Expect.StatusAsync(await Sandbox.PayAsync(settings.Chave, txid, payer), 409);
    }

    [Fact]
    public async Task RefundsAreOncePerIdAndNeverMoreThanThePix()
    {
        var settings = await Sandbox.NewPspAccountAsync();
        using var client = NewClient(settings);
        var txid = NewTxid();
        await client.CreateChargeAsync(txid, 10_000, 600, null, null, "Depósito", default);
        await Expect.StatusAsync(await Sandbox.PayAsync(settings.Chave, txid, CpfFixture.NewCpf()), 201);
        var pix = Assert.Single((await client.GetChargeAsync(txid, default))!.Received);

        var first = await client.RefundAsync(pix.EndToEndId, "refund1", 6_000, default);
        var repeated = await client.RefundAsync(pix.EndToEndId, "refund1", 6_000, default);
        var tooMuch = await Assert.ThrowsAsync<PixRefusedException>(() => client.RefundAsync(pix.EndToEndId, "refund2", 4_001, default));
        var rest = await client.RefundAsync(pix.EndToEndId, "refund3", 4_000, default);

        Assert.Equal(first, repeated);
        Assert.Equal(PixRefundStatus.Returned, first.Status);
        Assert.Equal(400, tooMuch.Status);
        Assert.Equal(4_000, rest.Centavos);
        Assert.Equal(10_000, (await client.GetChargeAsync(txid, default))!.Received.Single().Refunds.Sum(r => r.Centavos));
    }

    [Fact]
    public async Task AnAccountSeesOnlyItsOwnCharges()
    {
        using var owner = await NewClientAsync();
        using var other = await NewClientAsync();
        var txid = NewTxid();
        await owner.CreateChargeAsync(txid, 1_000, 600, null, null, "Depósito", default);

        Assert.Null(await other.GetChargeAsync(txid, default));
    }

    [Fact]
    public async Task WithoutAClientCertificateOfTheCaThereIsNoConnection()
    {
        var settings = await Sandbox.NewPspAccountAsync();
        var stranger = TestCertificates.NewAuthority("Some other CA").IssueClient("intruder");

        using var foreign = NewClient(settings with { ClientCertificatePem = stranger.Certificate, ClientKeyPem = stranger.Key });
        var sandboxCa = X509Certificate2.CreateFromPem(Sandbox.PspCa.CaPem);
        using var bare = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => IssuedBy(certificate!, sandboxCa) },
        });

        var refused = await Assert.ThrowsAsync<DependencyUnavailableException>(() => foreign.CreateChargeAsync(NewTxid(), 1_000, 600, null, null, "x", default));
        Assert.Equal("psp", refused.Dependency);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => bare.PostAsync(Sandbox.PspBaseUrl + "oauth/token", new FormUrlEncodedContent([new("grant_type", "client_credentials")])));
    }

    [Fact]
    public async Task WrongCredentialsAreRefusedNotRetried()
    {
        var settings = await Sandbox.NewPspAccountAsync();
        using var client = NewClient(settings with { ClientSecret = "wrong" });

        var refused = await Assert.ThrowsAsync<PixRefusedException>(() => client.CreateChargeAsync(NewTxid(), 1_000, 600, null, null, "x", default));

        Assert.Equal(401, refused.Status);
    }

    [Fact]
    public async Task PspThatKeepsFailingIsUnavailableAndOneFailureIsRetried()
    {
        using var client = await NewClientAsync();
        await client.CreateChargeAsync(NewTxid(), 1_000, 600, null, null, "token first", default);

        await Sandbox.PspFailNextAsync(3);
        var unavailable = await Assert.ThrowsAsync<DependencyUnavailableException>(() => client.CreateChargeAsync(NewTxid(), 1_000, 600, null, null, "x", default));
        await Sandbox.PspFailNextAsync(1);
        var txid = NewTxid();
        var created = await client.CreateChargeAsync(txid, 1_000, 600, null, null, "x", default);

        Assert.Equal("psp", unavailable.Dependency);
        Assert.Equal(txid, created.Txid);
    }

    private static bool IssuedBy(X509Certificate certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    private async Task<PixClient> NewClientAsync() => NewClient(await Sandbox.NewPspAccountAsync());

    private static PixClient NewClient(PixAccountSettings settings) => new(settings, TimeProvider.System, AttemptTimeout);

    private static string NewTxid() => "lp" + Guid.NewGuid().ToString("N");
}
