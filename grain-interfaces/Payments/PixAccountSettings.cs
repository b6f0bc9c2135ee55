namespace Lottopar.GrainInterfaces.Payments;

/// <summary>
/// One receiver's account at a PSP that speaks the API Pix: where (the base address, below which
/// oauth/token and v2/... lie), who (OAuth2 client credentials, the mutual-TLS certificate and key
/// in PEM), its PIX key, and the CA its server's certificate must chain to (null: the system's).
/// Holds secrets in clear: it travels only inside the cluster, from the account's grain to the
/// PSP client.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PixAccountSettings(
    [property: Orleans.Id(0)] string BaseUrl,
    [property: Orleans.Id(1)] string ClientId,
    [property: Orleans.Id(2)] string ClientSecret,
    [property: Orleans.Id(3)] string Chave,
    [property: Orleans.Id(4)] string ClientCertificatePem,
    [property: Orleans.Id(5)] string ClientKeyPem,
    [property: Orleans.Id(6)] string? ServerCaPem)
{
    /// <summary>Never the secret or the key, whatever logs the record.</summary>
    public override string ToString() => $"PixAccountSettings {{ BaseUrl = {BaseUrl}, ClientId = {ClientId}, Chave = {Chave} }}";
}
