using Lottopar.GrainInterfaces.Payments;

namespace Lottopar.Grains.Payments;

/// <summary>
/// An operator's PSP, through the API Pix, as the payment grains use it. Every call is safe to
/// repeat (the txid and the refund id are ours).
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

    /// <summary>Registers at the operator's PSP where it notifies received PIX.</summary>
    Task RegisterWebhookAsync(string oprid, string webhookUrl, CancellationToken cancellationToken);
}
