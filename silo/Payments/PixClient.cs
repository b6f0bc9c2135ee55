using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Lottopar.Silo.Payments;

/// <summary>
/// One PSP account's API Pix (Banco Central, v2): OAuth2 client credentials (the token kept until a
/// minute before it expires, asked again after a 401), mutual TLS, immediate charges, received PIX
/// and refunds. Every call it makes may be repeated safely (the txid and the refund id are chosen
/// by us), so transient failures are retried; a PSP that keeps failing or does not answer is
/// <see cref="DependencyUnavailableException"/>; a refusal of the request itself is
/// <see cref="PixRefusedException"/>.
/// </summary>
public sealed class PixClient : IDisposable
{
    public const string Dependency = "psp";

    private readonly PixAccountSettings _settings;
    private readonly TimeProvider _clock;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private (string Token, DateTimeOffset Renew)? _token;

    public PixClient(PixAccountSettings settings, TimeProvider clock, TimeSpan attemptTimeout)
    {
        _settings = settings;
        _clock = clock;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(100), BackoffType = DelayBackoffType.Exponential })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions { SamplingDuration = attemptTimeout * 2 + TimeSpan.FromSeconds(10) })
            .AddTimeout(attemptTimeout)
            .Build();
        var handler = new ResilienceHandler(pipeline) { InnerHandler = TlsHandler(settings) };
        _http = new HttpClient(handler)
        {
            BaseAddress = new Uri(settings.BaseUrl.EndsWith('/') ? settings.BaseUrl : settings.BaseUrl + "/"),
            Timeout = attemptTimeout * 4,
        };
    }

    /// <summary>
    /// Creates the charge (<c>PUT v2/cob/{txid}</c>). Asked again with the same txid (a retry after an
    /// unknown outcome), it answers the charge already there when it is this one.
    /// </summary>
    public async Task<PixCharge> CreateChargeAsync(string txid, long centavos, int expirySeconds, string? payerCpf, string? payerName, string message, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["calendario"] = new JsonObject { ["expiracao"] = expirySeconds },
            ["valor"] = new JsonObject { ["original"] = Amount(centavos) },
            ["chave"] = _settings.Chave,
            ["solicitacaoPagador"] = message,
        };
        if (payerCpf is not null)
        {
            body["devedor"] = new JsonObject { ["cpf"] = payerCpf, ["nome"] = payerName ?? "" };
        }

        var (status, answer) = await SendAsync(HttpMethod.Put, $"v2/cob/{txid}", body, cancellationToken);
        if (status == HttpStatusCode.Created)
        {
            return Charge(answer!);
        }

        if (status == HttpStatusCode.BadRequest && ViolatesTxid(answer) && await GetChargeAsync(txid, cancellationToken) is { } existing
            && existing.Centavos == centavos)
        {
            return existing;
        }

        throw Refused(status, answer);
    }

    /// <summary>The charge with the PIX it received (<c>GET v2/cob/{txid}</c>), or null when the PSP has none.</summary>
    public async Task<PixCharge?> GetChargeAsync(string txid, CancellationToken cancellationToken)
    {
        var (status, answer) = await SendAsync(HttpMethod.Get, $"v2/cob/{txid}", null, cancellationToken);
        return status switch
        {
            HttpStatusCode.OK => Charge(answer!),
            HttpStatusCode.NotFound => null,
            _ => throw Refused(status, answer),
        };
    }

    /// <summary>The PIX received in a period (<c>GET v2/pix</c>), filtered by txid and by the payer's CPF when given.</summary>
    public async Task<IReadOnlyList<PixReceived>> ListReceivedAsync(DateTimeOffset from, DateTimeOffset to, string? txid, string? payerCpf, CancellationToken cancellationToken)
    {
        var query = new StringBuilder("v2/pix?inicio=").Append(Uri.EscapeDataString(from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)))
            .Append("&fim=").Append(Uri.EscapeDataString(to.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
        if (txid is not null)
        {
            query.Append("&txid=").Append(Uri.EscapeDataString(txid));
        }

        if (payerCpf is not null)
        {
            query.Append("&cpf=").Append(payerCpf);
        }

        var (status, answer) = await SendAsync(HttpMethod.Get, query.ToString(), null, cancellationToken);
        return status == HttpStatusCode.OK
            ? [.. (answer!["pix"]?.AsArray() ?? []).Select(p => Received(p!))]
            : throw Refused(status, answer);
    }

    /// <summary>Refunds part or all of a received PIX under our own id (<c>PUT v2/pix/{e2eid}/devolucao/{id}</c>): asked again, the same refund.</summary>
    public async Task<PixRefund> RefundAsync(string endToEndId, string refundId, long centavos, CancellationToken cancellationToken)
    {
        var (status, answer) = await SendAsync(HttpMethod.Put, $"v2/pix/{endToEndId}/devolucao/{refundId}", new JsonObject { ["valor"] = Amount(centavos) }, cancellationToken);
        return status is HttpStatusCode.Created or HttpStatusCode.OK ? Refund(answer!) : throw Refused(status, answer);
    }

    /// <summary>Who holds a key (<c>GET v2/dict/{chave}</c>, the DICT as the PSP answers it), or null when no one does.</summary>
    public async Task<PixKeyHolder?> LookupKeyAsync(string key, CancellationToken cancellationToken)
    {
        var (status, answer) = await SendAsync(HttpMethod.Get, $"v2/dict/{Uri.EscapeDataString(key)}", null, cancellationToken);
        return status switch
        {
            HttpStatusCode.OK => new PixKeyHolder(
                answer!["chave"]!.GetValue<string>(), answer["tipoChave"]!.GetValue<string>(), answer["titular"]!["cpf"]!.GetValue<string>(),
                answer["titular"]!["nome"]?.GetValue<string>() ?? "", answer["conta"]?["ispb"]?.GetValue<string>() ?? ""),
            HttpStatusCode.NotFound => null,
            _ => throw Refused(status, answer),
        };
    }

    /// <summary>
    /// Sends a PIX to a key (<c>PUT v2/pagamentos/{idEnvio}</c>) naming the CPF its holder must have.
    /// The id is ours: asked again (a retry after an unknown outcome), the PSP answers the same PIX.
    /// </summary>
    public async Task<PixPayout> SendPayoutAsync(string id, long centavos, string key, string payeeCpf, string message, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["valor"] = Amount(centavos), ["chave"] = key, ["cpfFavorecido"] = payeeCpf, ["infoPagador"] = message };
        var (status, answer) = await SendAsync(HttpMethod.Put, $"v2/pagamentos/{id}", body, cancellationToken);
        return status is HttpStatusCode.Created or HttpStatusCode.OK ? Payout(answer!) : throw Refused(status, answer);
    }

    /// <summary>A PIX sent under our id (<c>GET v2/pagamentos/{idEnvio}</c>), or null when the PSP has none.</summary>
    public async Task<PixPayout?> GetPayoutAsync(string id, CancellationToken cancellationToken)
    {
        var (status, answer) = await SendAsync(HttpMethod.Get, $"v2/pagamentos/{id}", null, cancellationToken);
        return status switch
        {
            HttpStatusCode.OK => Payout(answer!),
            HttpStatusCode.NotFound => null,
            _ => throw Refused(status, answer),
        };
    }

    /// <summary>The PIX the account sent in a period (<c>GET v2/pagamentos?inicio&amp;fim</c>).</summary>
    public async Task<IReadOnlyList<PixPayout>> ListPayoutsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var query = $"v2/pagamentos?inicio={Uri.EscapeDataString(from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}&fim={Uri.EscapeDataString(to.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}";
        var (status, answer) = await SendAsync(HttpMethod.Get, query, null, cancellationToken);
        return status == HttpStatusCode.OK
            ? [.. (answer!["pagamentos"]?.AsArray() ?? []).Select(p => Payout(p!))]
            : throw Refused(status, answer);
    }

    /// <summary>Registers where the PSP notifies PIX received on the account's key (<c>PUT v2/webhook/{chave}</c>; it posts to the URL plus "/pix").</summary>
    public async Task SetWebhookAsync(string webhookUrl, CancellationToken cancellationToken)
    {
        var (status, answer) = await SendAsync(HttpMethod.Put, $"v2/webhook/{Uri.EscapeDataString(_settings.Chave)}", new JsonObject { ["webhookUrl"] = webhookUrl }, cancellationToken);
        if (status is not (HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NoContent))
        {
            throw Refused(status, answer);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _tokenGate.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var token = await TokenAsync(cancellationToken);
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            using var response = await SendOrUnavailableAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
            {
                _token = null; // expired or forgotten by the PSP: one new token, one more try
                continue;
            }

            if ((int)response.StatusCode >= 500)
            {
                throw Unavailable($"The PSP answered {(int)response.StatusCode}.");
            }

            return (response.StatusCode, await ReadAsync(response, cancellationToken));
        }
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } current && current.Renew > _clock.GetUtcNow())
        {
            return current.Token;
        }

        await _tokenGate.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } fresh && fresh.Renew > _clock.GetUtcNow())
            {
                return fresh.Token;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
            {
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_settings.ClientId}:{_settings.ClientSecret}")));
            using var response = await SendOrUnavailableAsync(request, cancellationToken);
            var answer = await ReadAsync(response, cancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                throw Unavailable($"The PSP's token endpoint answered {(int)response.StatusCode}.");
            }

            if (response.StatusCode != HttpStatusCode.OK || answer?["access_token"]?.GetValue<string>() is not { Length: > 0 } token)
            {
                throw new PixRefusedException((int)response.StatusCode, "oauth", "The PSP refused the platform's client credentials for this account.", []);
            }

            var lifetime = TimeSpan.FromSeconds(answer["expires_in"]?.GetValue<int>() ?? 300);
            _token = (token, _clock.GetUtcNow() + lifetime - TimeSpan.FromMinutes(1));
            return token;
        }
        finally
        {
            _tokenGate.Release();
        }
    }

    private async Task<HttpResponseMessage> SendOrUnavailableAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
            || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw Unavailable($"The PSP did not answer ({error.GetType().Name}).");
        }
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SocketsHttpHandler TlsHandler(PixAccountSettings settings)
    {
        using var pem = X509Certificate2.CreateFromPem(settings.ClientCertificatePem, settings.ClientKeyPem);
        var clientCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var serverCa = settings.ServerCaPem is null ? null : X509Certificate2.CreateFromPem(settings.ServerCaPem);
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = serverCa is null ? null : (_, certificate, _, errors) => ChainsTo(certificate, serverCa, errors),
            },
        };
    }

    /// <summary>A private CA (the sandbox's): the server's certificate must chain to it and name the host; the system's roots are not asked.</summary>
    private static bool ChainsTo(X509Certificate? certificate, X509Certificate2 ca, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        return PrivateCas.Issued(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), [ca]);
    }

    private static PixCharge Charge(JsonNode cob) => new(
        cob["txid"]!.GetValue<string>(),
        cob["status"]!.GetValue<string>() switch
        {
            "ATIVA" => PixChargeStatus.Active,
            "CONCLUIDA" => PixChargeStatus.Completed,
            "REMOVIDA_PELO_USUARIO_RECEBEDOR" => PixChargeStatus.RemovedByReceiver,
            "REMOVIDA_PELO_PSP" => PixChargeStatus.RemovedByPsp,
            var other => throw new PixRefusedException(200, "status", $"Unknown charge status '{other}'.", []),
        },
        Centavos(cob["valor"]!["original"]!.GetValue<string>()),
        cob["calendario"]!["criacao"]!.GetValue<DateTimeOffset>(),
        cob["calendario"]!["expiracao"]!.GetValue<int>(),
        cob["location"]?.GetValue<string>() ?? "",
        cob["pixCopiaECola"]?.GetValue<string>() ?? "",
        [.. (cob["pix"]?.AsArray() ?? []).Select(p => Received(p!))]);

    private static PixReceived Received(JsonNode pix) => new(
        pix["endToEndId"]!.GetValue<string>(),
        pix["txid"]?.GetValue<string>(),
        Centavos(pix["valor"]!.GetValue<string>()),
        pix["horario"]!.GetValue<DateTimeOffset>(),
        [.. (pix["devolucoes"]?.AsArray() ?? []).Select(d => Refund(d!))]);

    private static PixRefund Refund(JsonNode refund) => new(
        refund["id"]!.GetValue<string>(),
        refund["rtrId"]!.GetValue<string>(),
        Centavos(refund["valor"]!.GetValue<string>()),
        refund["status"]!.GetValue<string>() switch
        {
            "DEVOLVIDO" => PixRefundStatus.Returned,
            "NAO_REALIZADO" => PixRefundStatus.NotDone,
            _ => PixRefundStatus.Processing,
        });

    private static PixPayout Payout(JsonNode payout) => new(
        payout["idEnvio"]!.GetValue<string>(),
        payout["endToEndId"]!.GetValue<string>(),
        Centavos(payout["valor"]!.GetValue<string>()),
        payout["chave"]!.GetValue<string>(),
        payout["status"]!.GetValue<string>() switch
        {
            "REALIZADO" => PixPayoutStatus.Completed,
            "NAO_REALIZADO" => PixPayoutStatus.NotDone,
            "DEVOLVIDO" => PixPayoutStatus.Returned,
            "EM_PROCESSAMENTO" => PixPayoutStatus.Processing,
            var other => throw new PixRefusedException(200, "status", $"Unknown payout status '{other}'.", []),
        },
        payout["motivo"]?.GetValue<string>(),
        payout["horario"]!.GetValue<DateTimeOffset>(),
        payout["devolvidoEm"]?.GetValue<DateTimeOffset>());

    private static bool ViolatesTxid(JsonNode? problem) =>
        problem?["violacoes"]?.AsArray().Any(v => v?["propriedade"]?.GetValue<string>() == "cob.txid") == true;

    private static PixRefusedException Refused(HttpStatusCode status, JsonNode? problem) => new(
        (int)status,
        problem?["type"]?.GetValue<string>() ?? "",
        problem?["detail"]?.GetValue<string>() ?? $"The PSP answered {(int)status}.",
        [.. (problem?["violacoes"]?.AsArray() ?? []).Select(v => $"{v?["propriedade"]?.GetValue<string>()}: {v?["razao"]?.GetValue<string>()}")]);

    private static DependencyUnavailableException Unavailable(string message) => new(Dependency, message + " Nothing was decided; retry shortly.");

    /// <summary>The API Pix's amount: "123.45" (\d{1,10}\.\d{2}).</summary>
    public static string Amount(long centavos) => string.Create(CultureInfo.InvariantCulture, $"{centavos / 100}.{centavos % 100:D2}");

    public static long Centavos(string amount)
    {
        var parts = amount.Split('.');
        return parts is [var units, { Length: 2 } cents] && units.Length is >= 1 and <= 10 && units.All(char.IsAsciiDigit) && cents.All(char.IsAsciiDigit)
            ? long.Parse(units, CultureInfo.InvariantCulture) * 100 + long.Parse(cents, CultureInfo.InvariantCulture)
            : throw new PixRefusedException(200, "valor", $"'{amount}' is not an API Pix amount.", []);
    }
}
