namespace Lottopar.GrainInterfaces.CpfChecks;

/// <summary>
/// The persons Lei 14.790/2023 art. 26 bars from betting. On the wire: operator_staff,
/// regulator_staff, betting_systems_access, result_influencer, gambling_disorder, relative.
/// </summary>
[Orleans.GenerateSerializer]
public enum BarredCategory
{
    /// <summary>Owners, directors and staff of a betting operator.</summary>
    OperatorStaff,

    /// <summary>Public officials who regulate betting: LOTTOPAR's own staff among them.</summary>
    RegulatorStaff,

    /// <summary>Anyone with access to the betting systems.</summary>
    BettingSystemsAccess,

    /// <summary>People who can influence results: athletes, referees, coaches.</summary>
    ResultInfluencer,

    /// <summary>People diagnosed with gambling disorder.</summary>
    GamblingDisorder,

    /// <summary>Spouses and relatives up to the second degree of those the law names.</summary>
    Relative,
}

public static class BarredCategories
{
    private static readonly Dictionary<BarredCategory, string> Names = new()
    {
        [BarredCategory.OperatorStaff] = "operator_staff",
        [BarredCategory.RegulatorStaff] = "regulator_staff",
        [BarredCategory.BettingSystemsAccess] = "betting_systems_access",
        [BarredCategory.ResultInfluencer] = "result_influencer",
        [BarredCategory.GamblingDisorder] = "gambling_disorder",
        [BarredCategory.Relative] = "relative",
    };

    public static string WireName(this BarredCategory category) => Names[category];

    public static bool TryParse(string? name, out BarredCategory category)
    {
        foreach (var (value, wire) in Names)
        {
            if (wire == name)
            {
                category = value;
                return true;
            }
        }

        category = default;
        return false;
    }

    public static IReadOnlyList<string> All => [.. Names.Values];
}

/// <summary>What LOTTOPAR holds against a CPF: a bar under art. 26, or a self-exclusion on LOTTOPAR's own list.</summary>
[Orleans.GenerateSerializer]
public enum CpfRestrictionKind
{
    Barred,
    SelfExclusion,
}

/// <summary>
/// An entry on LOTTOPAR's lists. A bar has a category; a self-exclusion has its period (until null:
/// indefinite). Removed entries are kept with who removed them and why.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CpfRestriction(
    [property: Orleans.Id(0)] Guid Id,
    [property: Orleans.Id(1)] CpfRestrictionKind Kind,
    [property: Orleans.Id(2)] BarredCategory? Category,
    [property: Orleans.Id(3)] DateTimeOffset Since,
    [property: Orleans.Id(4)] DateTimeOffset? Until,
    [property: Orleans.Id(5)] string Note,
    [property: Orleans.Id(6)] string AddedBy,
    [property: Orleans.Id(7)] DateTimeOffset AddedAt,
    [property: Orleans.Id(8)] string? RemovedBy = null,
    [property: Orleans.Id(9)] DateTimeOffset? RemovedAt = null,
    [property: Orleans.Id(10)] string? RemovalReason = null)
{
    public bool InForceAt(DateTimeOffset at) => RemovedAt is null && Since <= at && (Until is not { } until || at < until);
}

/// <summary>What an admin asks to add: kind, category (for a bar), period, a note saying on what grounds.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CpfRestrictionRequest(
    [property: Orleans.Id(0)] CpfRestrictionKind Kind,
    [property: Orleans.Id(1)] BarredCategory? Category,
    [property: Orleans.Id(2)] DateTimeOffset? Since,
    [property: Orleans.Id(3)] DateTimeOffset? Until,
    [property: Orleans.Id(4)] string Note);
