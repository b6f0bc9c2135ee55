namespace Lottopar.GrainInterfaces.Betting;

/// <summary>
/// The key of a bet slip's grain: the operator and the operator's own bet_slip_id, written
/// "{oprid}/{bet_slip_id}". An OPRID holds no '/', so the first one separates the parts and a
/// slip id may hold more.
/// </summary>
public readonly record struct BetSlipKey(string Oprid, string BetSlipId)
{
    public override string ToString() => $"{Oprid}/{BetSlipId}";

    public static BetSlipKey Parse(string key)
    {
        var (oprid, remainder) = TwoPartKey.Split(key, "bet slip", "{oprid}/{bet_slip_id}");
        return new BetSlipKey(oprid, remainder);
    }
}

/// <summary>The key of an Idempotency-Key's grain: "{oprid}/{Idempotency-Key}", the key scoped to its operator.</summary>
public readonly record struct BettingIdempotencyKey(string Oprid, string IdempotencyKey)
{
    public override string ToString() => $"{Oprid}/{IdempotencyKey}";

    public static BettingIdempotencyKey Parse(string key)
    {
        var (oprid, remainder) = TwoPartKey.Split(key, "Idempotency-Key", "{oprid}/{Idempotency-Key}");
        return new BettingIdempotencyKey(oprid, remainder);
    }
}

/// <summary>Splits "{oprid}/{rest}" at its first '/'.</summary>
internal static class TwoPartKey
{
    public static (string Oprid, string Remainder) Split(string key, string what, string shape)
    {
        var separator = key.IndexOf('/', StringComparison.Ordinal);
        return separator > 0 && separator < key.Length - 1
            ? (key[..separator], key[(separator + 1)..])
            : throw new ArgumentException($"'{key}' is not a {what} key ({shape}).", nameof(key));
    }
}
