using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Lottopar.Sandbox.Psp;

/// <summary>
/// The payer's bank and the PSP's notifications: pays a charge (by the sandbox's controls, or by
/// itself some time after the charge was made, when the account asks for it) and then posts the API
/// Pix's webhook (<c>{webhookUrl}/pix</c>, body <c>{"pix": [...]}</c>) to the receiver's registered
/// URL, three tries at most; the same for PIX the account sent (<c>{webhookUrl}/pagamentos</c>).
/// </summary>
public sealed class PspPayer(PspStore store, IOptions<PspOptions> options, TimeProvider clock, IHttpClientFactory httpClients, ILogger<PspPayer> logger)
    : BackgroundService
{
    private readonly Channel<Func<CancellationToken, Task>> _work = Channel.CreateUnbounded<Func<CancellationToken, Task>>();

    /// <summary>Pays the charge as <paramref name="payerCpf"/>: the PIX, or null when the charge is not payable (an error for the caller).</summary>
    public async Task<(ReceivedPix? Pix, string? Error)> PayAsync(Cob cob, string payerCpf, string payerName, bool ignoreExpiry, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = now > cob.Criacao.AddSeconds(cob.ExpiracaoSeconds);
        if (cob.Status != "ATIVA" || (expired && !ignoreExpiry))
        {
            return (null, expired ? "cobranca expirada" : $"cobranca {cob.Status}");
        }

        var pix = new ReceivedPix(PixValues.NewEndToEndId(options.Value.PayerIspb, now), cob.Chave, cob.Txid, cob.Centavos, now, payerCpf, payerName);
        var paid = await store.PayCobAsync(cob, pix, cancellationToken);
        if (paid is null)
        {
            return (null, "cobranca ja paga");
        }

        if ((await store.AccountByChaveAsync(cob.Chave, cancellationToken))?.WebhookUrl is { } url)
        {
            var body = new { pix = new[] { new { endToEndId = paid.EndToEndId, txid = paid.Txid, chave = paid.Chave, valor = PixValues.Amount(paid.Centavos), horario = paid.Horario } } };
            _work.Writer.TryWrite(token => NotifyAsync(url, "/pix", body, paid.EndToEndId, token));
        }

        return (paid, null);
    }

    /// <summary>Posts <c>{webhookUrl}/pagamentos</c> about a PIX the account sent (made, refused or returned), when the account has a webhook.</summary>
    public void NotifyPayout(string? webhookUrl, Pagamento pagamento)
    {
        if (webhookUrl is null)
        {
            return;
        }

        var body = new { pagamentos = new[] { new { idEnvio = pagamento.IdEnvio, endToEndId = pagamento.EndToEndId, valor = PixValues.Amount(pagamento.Centavos), status = pagamento.Status } } };
        _work.Writer.TryWrite(token => NotifyAsync(webhookUrl, "/pagamentos", body, pagamento.EndToEndId, token));
    }

    /// <summary>When the account pays its charges by itself: the charge's debtor pays it after the account's delay.</summary>
    public void PayLater(Cob cob, PspAccount account)
    {
        if (account.AutoPayAfterMs is not { } delay || cob.DevedorCpf is not { } payer)
        {
            return;
        }

        _work.Writer.TryWrite(async token =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), clock, token);
            await PayAsync(cob, payer, cob.DevedorNome ?? "Pagador do Sandbox", ignoreExpiry: false, token);
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken))
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await work(stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    logger.LogWarning("A sandbox payment or notification failed: {Error}", error.Message);
                }
            }, stoppingToken);
        }
    }

    private async Task NotifyAsync(string webhookUrl, string path, object body, string endToEndId, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(nameof(PspPayer));
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(webhookUrl.TrimEnd('/') + path, body, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt), clock, cancellationToken);
        }

        logger.LogWarning("The webhook {Url} did not accept the notification of {EndToEndId}", webhookUrl, endToEndId);
    }
}
