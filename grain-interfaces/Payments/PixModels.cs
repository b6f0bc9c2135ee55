namespace Lottopar.GrainInterfaces.Payments;

/// <summary>An immediate charge at the PSP (API Pix "cob"), in centavos.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PixCharge(
    [property: Orleans.Id(0)] string Txid,
    [property: Orleans.Id(1)] PixChargeStatus Status,
    [property: Orleans.Id(2)] long Centavos,
    [property: Orleans.Id(3)] DateTimeOffset CreatedAt,
    [property: Orleans.Id(4)] int ExpirySeconds,
    [property: Orleans.Id(5)] string Location,
    [property: Orleans.Id(6)] string CopyAndPaste,
    [property: Orleans.Id(7)] IReadOnlyList<PixReceived> Received)
{
    public DateTimeOffset ExpiresAt => CreatedAt.AddSeconds(ExpirySeconds);
}

/// <summary>The API Pix's charge statuses: ATIVA, CONCLUIDA, REMOVIDA_PELO_USUARIO_RECEBEDOR, REMOVIDA_PELO_PSP.</summary>
[Orleans.GenerateSerializer]
public enum PixChargeStatus
{
    Active,
    Completed,
    RemovedByReceiver,
    RemovedByPsp,
}

/// <summary>A PIX the receiver got (API Pix "pix"): it names no payer; a list filtered by CPF tells who paid.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PixReceived(
    [property: Orleans.Id(0)] string EndToEndId,
    [property: Orleans.Id(1)] string? Txid,
    [property: Orleans.Id(2)] long Centavos,
    [property: Orleans.Id(3)] DateTimeOffset At,
    [property: Orleans.Id(4)] IReadOnlyList<PixRefund> Refunds);

/// <summary>A refund of a received PIX (API Pix "devolucao"), under the id its requester chose.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PixRefund(
    [property: Orleans.Id(0)] string Id,
    [property: Orleans.Id(1)] string RtrId,
    [property: Orleans.Id(2)] long Centavos,
    [property: Orleans.Id(3)] PixRefundStatus Status);

/// <summary>EM_PROCESSAMENTO, DEVOLVIDO, NAO_REALIZADO.</summary>
[Orleans.GenerateSerializer]
public enum PixRefundStatus
{
    Processing,
    Returned,
    NotDone,
}

/// <summary>Who holds a PIX key, as the PSP's DICT lookup answers: the key's type, the holder's CPF and name, the holder's bank (ISPB).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PixKeyHolder(
    [property: Orleans.Id(0)] string Key,
    [property: Orleans.Id(1)] string KeyType,
    [property: Orleans.Id(2)] string HolderCpf,
    [property: Orleans.Id(3)] string HolderName,
    [property: Orleans.Id(4)] string Ispb);

/// <summary>A PIX the operator's account sent, under our id: its end-to-end id, amount, status, and why it was not made.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PixPayout(
    [property: Orleans.Id(0)] string Id,
    [property: Orleans.Id(1)] string EndToEndId,
    [property: Orleans.Id(2)] long Centavos,
    [property: Orleans.Id(3)] string Key,
    [property: Orleans.Id(4)] PixPayoutStatus Status,
    [property: Orleans.Id(5)] string? Reason,
    [property: Orleans.Id(6)] DateTimeOffset At,
    [property: Orleans.Id(7)] DateTimeOffset? ReturnedAt);

/// <summary>EM_PROCESSAMENTO, REALIZADO, NAO_REALIZADO, DEVOLVIDO (made, then returned by the receiving bank).</summary>
[Orleans.GenerateSerializer]
public enum PixPayoutStatus
{
    Processing,
    Completed,
    NotDone,
    Returned,
}
