namespace Lottopar.GrainInterfaces.Payments;

/// <summary>A payout asked by an operator for a player, to the player's registered account: amount in centavos, the operator's own reference.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CashOutRequest(
    [property: Orleans.Id(0)] string Cpf,
    [property: Orleans.Id(1)] long Amount,
    [property: Orleans.Id(2)] string Reference);

/// <summary>
/// pending (sent, or about to be, its outcome not yet known), completed (the money reached the
/// player's account), failed (the PSP did not make it: nothing moved), returned (made, then sent back
/// by the player's bank: the money is in the operator's account again).
/// </summary>
[Orleans.GenerateSerializer]
public enum CashOutStatus
{
    Pending,
    Completed,
    Failed,
    Returned,
}

/// <summary>A payout as the operator sees it: the destination key masked, the PSP's end-to-end id, what became of it and when.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CashOutView(
    [property: Orleans.Id(0)] string Id,
    [property: Orleans.Id(1)] string Oprid,
    [property: Orleans.Id(2)] string Cpf,
    [property: Orleans.Id(3)] long Amount,
    [property: Orleans.Id(4)] string Reference,
    [property: Orleans.Id(5)] CashOutStatus Status,
    [property: Orleans.Id(6)] string PixKey,
    [property: Orleans.Id(7)] DateTimeOffset CreatedAt,
    [property: Orleans.Id(8)] string? EndToEndId,
    [property: Orleans.Id(9)] DateTimeOffset? SettledAt,
    [property: Orleans.Id(10)] string? FailureReason,
    [property: Orleans.Id(11)] DateTimeOffset? ReturnedAt);

/// <summary>A player's payout account at one operator: a PIX key the PSP's DICT says the player holds, checked when registered.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PayoutAccount(
    [property: Orleans.Id(0)] string PixKey,
    [property: Orleans.Id(1)] string KeyType,
    [property: Orleans.Id(2)] string HolderName,
    [property: Orleans.Id(3)] string Ispb,
    [property: Orleans.Id(4)] DateTimeOffset VerifiedAt);

/// <summary>The payout account as the operator sees it: the key masked.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PayoutAccountView(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] string Cpf,
    [property: Orleans.Id(2)] string PixKey,
    [property: Orleans.Id(3)] string KeyType,
    [property: Orleans.Id(4)] string HolderName,
    [property: Orleans.Id(5)] string Ispb,
    [property: Orleans.Id(6)] DateTimeOffset VerifiedAt);
