namespace Lottopar.GrainInterfaces.Betting;

/// <summary>
/// What one record of an operator's vault file says about a player (docs/vault-format.md, 6.1 to
/// 6.3): a registration or update carries profile fields (an update only those it sends), a
/// self-exclusion its period. Applying the same report twice changes nothing more.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PlayerVaultReport(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] string RecordId,
    [property: Orleans.Id(2)] DateTimeOffset At,
    [property: Orleans.Id(3)] PlayerProfileReport? Profile,
    [property: Orleans.Id(4)] PlayerSelfExclusionReport? SelfExclusion);

/// <summary>Profile fields as reported; null: not in this record (an update keeps the earlier value).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PlayerProfileReport(
    [property: Orleans.Id(0)] string? Name,
    [property: Orleans.Id(1)] DateOnly? BirthDate,
    [property: Orleans.Id(2)] string? Email,
    [property: Orleans.Id(3)] string? Phone,
    [property: Orleans.Id(4)] string? City,
    [property: Orleans.Id(5)] string? State,
    [property: Orleans.Id(6)] string? AccountStatus,
    [property: Orleans.Id(7)] string? AccountReason,
    [property: Orleans.Id(8)] string? IdentityMethod,
    [property: Orleans.Id(9)] DateTimeOffset? IdentityVerifiedAt,
    [property: Orleans.Id(10)] IReadOnlyList<PlayerLimit>? Limits);

/// <summary>A responsible-gaming limit: kind deposit, loss, stake or time; period day, week or month; centavos (minutes for time).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PlayerLimit(
    [property: Orleans.Id(0)] string Kind,
    [property: Orleans.Id(1)] string Period,
    [property: Orleans.Id(2)] long Amount,
    [property: Orleans.Id(3)] DateTimeOffset Since);

/// <summary>A self-exclusion from <see cref="StartsAt"/>, until <see cref="Until"/> or without end (null); source player, operator or national_register.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PlayerSelfExclusionReport(
    [property: Orleans.Id(0)] DateTimeOffset StartsAt,
    [property: Orleans.Id(1)] DateTimeOffset? Until,
    [property: Orleans.Id(2)] string Source);
