using System.Collections.Concurrent;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Payments;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Payments;

/// <summary>
/// The operators' PSPs: each operator's settings read from its <see cref="IPspAccountGrain"/> at every
/// call (a change applies at once) and one <see cref="PixClient"/> kept per distinct settings (its
/// connections, token and circuit breaker).
/// </summary>
public sealed class PixGateway(Orleans.IGrainFactory grains, TimeProvider clock, IOptions<PaymentOptions> options) : IPixGateway, IDisposable
{
    private readonly ConcurrentDictionary<PixAccountSettings, Lazy<PixClient>> _clients = new();

    public async Task<PixCharge> CreateChargeAsync(string oprid, string txid, long centavos, int expirySeconds, string payerCpf, string message, CancellationToken cancellationToken) =>
        await (await ClientAsync(oprid)).CreateChargeAsync(txid, centavos, expirySeconds, payerCpf, null, message, cancellationToken);

    public async Task<PixCharge?> GetChargeAsync(string oprid, string txid, CancellationToken cancellationToken) =>
        await (await ClientAsync(oprid)).GetChargeAsync(txid, cancellationToken);

    public async Task<IReadOnlyList<PixReceived>> ReceivedFromAsync(string oprid, string txid, string payerCpf, DateTimeOffset around, CancellationToken cancellationToken) =>
        await (await ClientAsync(oprid)).ListReceivedAsync(around.AddHours(-1), around.AddHours(1), txid, payerCpf, cancellationToken);

    public async Task<PixRefund> RefundAsync(string oprid, string endToEndId, string refundId, long centavos, CancellationToken cancellationToken) =>
        await (await ClientAsync(oprid)).RefundAsync(endToEndId, refundId, centavos, cancellationToken);

    public async Task<IReadOnlyList<PixReceived>> ReceivedBetweenAsync(string oprid, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await (await ClientAsync(oprid)).ListReceivedAsync(from, to, null, null, cancellationToken);

    public async Task<PixKeyHolder?> LookupKeyAsync(string oprid, string key, CancellationToken cancellationToken) =>
        await (await ClientAsync(oprid)).LookupKeyAsync(key, cancellationToken);

    public async Task<PixPayout> SendPayoutAsync(string oprid, string id, long centavos, string key, string payeeCpf, string message, CancellationToken cancellationToken) =>
        await (await ClientAsync(oprid)).SendPayoutAsync(id, centavos, key, payeeCpf, message, cancellationToken);

    public async Task<PixPayout?> GetPayoutAsync(string oprid, string id, CancellationToken cancellationToken) =>
        await (await ClientAsync(oprid)).GetPayoutAsync(id, cancellationToken);

    public async Task<IReadOnlyList<PixPayout>> PayoutsBetweenAsync(string oprid, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await (await ClientAsync(oprid)).ListPayoutsAsync(from, to, cancellationToken);

    public async Task RegisterWebhookAsync(string oprid, string webhookUrl, CancellationToken cancellationToken) =>
        await (await ClientAsync(oprid)).SetWebhookAsync(webhookUrl, cancellationToken);

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }

    private async Task<PixClient> ClientAsync(string oprid)
    {
        var settings = await grains.Keyed<IPspAccountGrain>(oprid).GetSettingsAsync()
            ?? throw new DomainConflictException("payments", $"Operator {oprid} has no PSP account yet: LOTTOPAR sets it (PUT /admin/operators/{oprid}/psp).");
        return _clients.GetOrAdd(settings, s => new Lazy<PixClient>(() => new PixClient(s, clock, options.Value.PspAttemptTimeout))).Value;
    }
}
