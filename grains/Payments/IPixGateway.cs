using Lottopar.GrainInterfaces.Payments;

namespace Lottopar.Grains.Payments;

/// <summary>
/// An operator's PSP, through the API Pix (and its payout interface of the same style), as the payment
/// grains use it. Every call is safe to repeat (the txid, the refund id and the payout id are ours).
/// </summary>
/// <remarks>
/// Throws <see cref="GrainInterfaces.Common.DependencyUnavailableException"/> when the PSP does not
/// answer, and a <see cref="GrainInterfaces.Common.DomainConflictException"/> on "payments" when the
/// operator has no PSP account.
/// </remarks>
public interface IPixGateway
{
    Task<PixCharge> CreateChargeAsync(string oprid, string txid, long centavos, int expirySeconds, string payerCpf, string message, CancellationToken cancellationToken);

    Task<PixCharge?> GetChargeAsync(string oprid, string txid, CancellationToken cancellationToken);

    /// <summary>The PIX of a charge paid by this CPF (the API Pix's way to know the payer).</summary>
    Task<IReadOnlyList<PixReceived>> ReceivedFromAsync(string oprid, string txid, string payerCpf, DateTimeOffset around, CancellationToken cancellationToken);

    Task<PixRefund> RefundAsync(string oprid, string endToEndId, string refundId, long centavos, CancellationToken cancellationToken);

    /// <summary>Every PIX the operator's account received in a period (the PSP's own list, for reconciliation).</summary>
    Task<IReadOnlyList<PixReceived>> ReceivedBetweenAsync(string oprid, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Who holds a PIX key (the PSP's DICT lookup), or null when no one does.</summary>
    Task<PixKeyHolder?> LookupKeyAsync(string oprid, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a PIX to a key under our id: asked again with the same id, the PSP answers the PIX it
    /// already sent (or refused) and sends nothing more. The receiving bank refuses a key whose holder
    /// is not <paramref name="payeeCpf"/>.
    /// </summary>
    Task<PixPayout> SendPayoutAsync(string oprid, string id, long centavos, string key, string payeeCpf, string message, CancellationToken cancellationToken);

    /// <summary>A PIX sent under our id, or null when the PSP never got it.</summary>
    Task<PixPayout?> GetPayoutAsync(string oprid, string id, CancellationToken cancellationToken);

    /// <summary>Every PIX the operator's account sent in a period (the PSP's own list, for reconciliation).</summary>
    Task<IReadOnlyList<PixPayout>> PayoutsBetweenAsync(string oprid, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Registers at the operator's PSP where it notifies received PIX.</summary>
    Task RegisterWebhookAsync(string oprid, string webhookUrl, CancellationToken cancellationToken);
}
