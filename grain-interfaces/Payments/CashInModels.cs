using System.Security.Cryptography;
using System.Text;

namespace Lottopar.GrainInterfaces.Payments;

/// <summary>A deposit asked by an operator for a player: amount in centavos, the operator's own reference, how long the charge may be paid.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CashInRequest(
    [property: Orleans.Id(0)] string Cpf,
    [property: Orleans.Id(1)] long Amount,
    [property: Orleans.Id(2)] string Reference,
    [property: Orleans.Id(3)] int ExpiresInSeconds);

/// <summary>pending (the charge awaits payment), completed (paid by the player: the money is in), refunded (paid by someone else: returned to the payer).</summary>
[Orleans.GenerateSerializer]
public enum CashInStatus
{
    Pending,
    Completed,
    Refunded,
}

/// <summary>A deposit as the operator sees it: its id (the charge's txid), the charge to show the player, and what became of it.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CashInView(
    [property: Orleans.Id(0)] string Id,
    [property: Orleans.Id(1)] string Oprid,
    [property: Orleans.Id(2)] string Cpf,
    [property: Orleans.Id(3)] long Amount,
    [property: Orleans.Id(4)] string Reference,
    [property: Orleans.Id(5)] CashInStatus Status,
    [property: Orleans.Id(6)] string BrCode,
    [property: Orleans.Id(7)] DateTimeOffset CreatedAt,
    [property: Orleans.Id(8)] DateTimeOffset ExpiresAt,
    [property: Orleans.Id(9)] string? EndToEndId,
    [property: Orleans.Id(10)] DateTimeOffset? SettledAt,
    [property: Orleans.Id(11)] string? RefundId);

/// <summary>
/// Payment ids. A cash-in's id is its charge's txid, made from the operator and its Idempotency-Key:
/// a retry reaches the same grain and, at the PSP, the same charge ("lp" and 32 hex digits: the API
/// Pix's [a-zA-Z0-9]{26,35}).
/// </summary>
public static class PaymentIds
{
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static string CashIn(string oprid, string idempotencyKey) =>
        "lp" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"cash-in\n{oprid}\n{idempotencyKey}")))[..32];

    /// <summary>A cash-out's id, made the same way ("lo" and 32 hex digits); also its idEnvio at the PSP, so the PSP sends it once.</summary>
    public static string CashOut(string oprid, string idempotencyKey) =>
        "lo" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"cash-out\n{oprid}\n{idempotencyKey}")))[..32];

    /// <summary>Whether an id has the form of one (a route's id is checked before it becomes a grain key).</summary>
    public static bool IsCashIn(string? id) => HasForm(id, "lp");

    public static bool IsCashOut(string? id) => HasForm(id, "lo");

    private static bool HasForm(string? id, string prefix) =>
        id is { Length: 34 } && id.StartsWith(prefix, StringComparison.Ordinal) && !id.AsSpan(2).ContainsAnyExcept(LowerHex);

    /// <summary>The id of the refund of a cash-in's PIX (the API Pix's [a-zA-Z0-9]{1,35}): one per cash-in, so it is asked once.</summary>
    public static string RefundOf(string cashInId) => "rf" + cashInId[2..];
}
