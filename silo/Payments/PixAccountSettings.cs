namespace Lottopar.Silo.Payments;

/// <summary>
/// One receiver's account at a PSP that speaks the API Pix: where (the base address, below which
/// oauth/token and v2/... lie), who (OAuth2 client credentials, the mutual-TLS certificate and key
/// in PEM), its PIX key, and the CA its server's certificate must chain to (null: the system's).
/// </summary>
public sealed record PixAccountSettings(
    string BaseUrl, string ClientId, string ClientSecret, string Chave, string ClientCertificatePem, string ClientKeyPem, string? ServerCaPem);
