namespace Lottopar.GrainInterfaces.Payments;

/// <summary>The period a deposit limit counts over, on Brasília's calendar: day, week (Monday to Sunday), month.</summary>
[Orleans.GenerateSerializer]
public enum DepositLimitPeriod
{
    Day,
    Week,
    Month,
}

/// <summary>
/// A deposit limit the operator set for the player: in force from <see cref="Since"/>; a raise or a
/// removal waits out the cooling-off (<see cref="Pending"/>), a cut applies at once.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record DepositLimit(
    [property: Orleans.Id(0)] DepositLimitPeriod Period,
    [property: Orleans.Id(1)] long? Amount,
    [property: Orleans.Id(2)] DateTimeOffset Since,
    [property: Orleans.Id(3)] PendingLimitChange? Pending);

/// <summary>A raise (or, with a null amount, a removal) that applies at <see cref="EffectiveAt"/>.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PendingLimitChange(
    [property: Orleans.Id(0)] long? Amount,
    [property: Orleans.Id(1)] DateTimeOffset EffectiveAt);

/// <summary>A player's deposits at one operator against its limits: per period, the limit in force and what counts against it now; the pauses in force.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PlayerFundsView(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] string Cpf,
    [property: Orleans.Id(2)] IReadOnlyList<DepositLimitUse> Limits,
    [property: Orleans.Id(3)] IReadOnlyList<PlayerPause> Pauses,
    [property: Orleans.Id(4)] IReadOnlyList<PeriodTotals> Totals);

/// <summary>What the player deposited (paid, by the player) and withdrew (paid out, less returns) in a period of Brasília's calendar so far.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PeriodTotals(
    [property: Orleans.Id(0)] DepositLimitPeriod Period,
    [property: Orleans.Id(1)] long Deposited,
    [property: Orleans.Id(2)] long Withdrawn);

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record DepositLimitUse(
    [property: Orleans.Id(0)] DepositLimitPeriod Period,
    [property: Orleans.Id(1)] long? Amount,
    [property: Orleans.Id(2)] long Used,
    [property: Orleans.Id(3)] PendingLimitChange? Pending);

/// <summary>The key of a player's funds at one operator: the player's grain key (never the CPF) and the OPRID, built and parsed here only.</summary>
public sealed record PlayerFundsKey(string PlayerKey, string Oprid)
{
    public override string ToString() => $"{PlayerKey}/{Oprid}";

    public static PlayerFundsKey Parse(string key) =>
        key.Split('/') is [var player, var oprid] ? new(player, oprid) : throw new ArgumentException($"'{key}' is not a player-funds key.", nameof(key));
}

/// <summary>A pause a player asked of an operator: a cooling-off or a self-exclusion.</summary>
[Orleans.GenerateSerializer]
public enum PlayerPauseKind
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("cooling_off")]
    CoolingOff,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("self_exclusion")]
    SelfExclusion,
}

/// <summary>A pause in force from <see cref="Since"/> until <see cref="Until"/> (null: for good).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PlayerPause(
    [property: Orleans.Id(0)] PlayerPauseKind Kind,
    [property: Orleans.Id(1)] DateTimeOffset Since,
    [property: Orleans.Id(2)] DateTimeOffset? Until);
