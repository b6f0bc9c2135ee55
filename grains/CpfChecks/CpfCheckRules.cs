using Lottopar.GrainInterfaces.CpfChecks;
using Lottopar.Grains.Common;

namespace Lottopar.Grains.CpfChecks;

/// <summary>
/// Whether a CPF may bet, from what is known about it: the tax registry's entry, LOTTOPAR's lists,
/// the national self-exclusion list, and the operators' self-exclusion records. Every reason against is given, not only the first.
/// </summary>
public static class CpfCheckRules
{
    public const int AdultAge = 18;

    /// <summary>A CPF whose check digits are wrong: nothing else is asked about it.</summary>
    public static CpfCheck InvalidCheckDigits(DateTimeOffset now) =>
        new(false, [new(CpfRefusalCodes.InvalidCheckDigits, "The CPF's check digits are wrong: it was never issued.")], now);

    /// <param name="selfExcludedNationally">What the national self-exclusion list said (false also when none is configured).</param>
    public static CpfCheck Judge(
        TaxRegistryEntry? registry, IReadOnlyList<CpfRestriction> restrictions, bool selfExcludedAtOperator, DateTimeOffset now, bool selfExcludedNationally = false)
    {
        var reasons = new List<CpfRefusal>();
        if (registry is null)
        {
            reasons.Add(new(CpfRefusalCodes.NotInTaxRegistry, "The Receita Federal has no such CPF."));
        }
        else
        {
            if (StatusRefusal(registry.Status) is { } status)
            {
                reasons.Add(status);
            }

            if (!IsAdultOn(registry.BirthDate, BrasiliaTime.Today(now)))
            {
                reasons.Add(new(CpfRefusalCodes.Underage, $"The holder is under {AdultAge}."));
            }
        }

        if (selfExcludedAtOperator)
        {
            reasons.Add(new(CpfRefusalCodes.SelfExcludedAtOperator, "The player is self-excluded (an operator's self-exclusion record is in force)."));
        }

        var inForce = restrictions.Where(r => r.InForceAt(now)).ToList();
        if (inForce.Any(r => r.Kind == CpfRestrictionKind.SelfExclusion))
        {
            reasons.Add(new(CpfRefusalCodes.SelfExcludedAtLottopar, "The player is on LOTTOPAR's self-exclusion list."));
        }

        if (selfExcludedNationally)
        {
            reasons.Add(new(CpfRefusalCodes.SelfExcludedNationally, "The player is on the national self-exclusion list."));
        }

        foreach (var category in inForce.Where(r => r.Kind == CpfRestrictionKind.Barred).Select(r => r.Category!.Value).Distinct().Order())
        {
            reasons.Add(new(CpfRefusalCodes.Barred(category), $"Barred from betting by Lei 14.790/2023 art. 26 ({category.WireName()})."));
        }

        return new(reasons.Count == 0, reasons, now);
    }

    /// <summary>
    /// Of age from the 18th birthday on. Born on 29 February: in a year without one, the birthday is
    /// 1 March (Código Civil art. 132 § 3: a period in years ends on the day of the same number, or
    /// the next one when there is none).
    /// </summary>
    public static bool IsAdultOn(DateOnly birthDate, DateOnly today)
    {
        var year = birthDate.Year + AdultAge;
        var birthday = birthDate is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, birthDate.Month, birthDate.Day);
        return birthday <= today;
    }

    private static CpfRefusal? StatusRefusal(TaxStatus status) => status switch
    {
        TaxStatus.Regular => null,
        TaxStatus.Suspended => new(CpfRefusalCodes.TaxStatusSuspended, "The CPF is suspended at the Receita Federal."),
        TaxStatus.Cancelled => new(CpfRefusalCodes.TaxStatusCancelled, "The CPF is cancelled at the Receita Federal."),
        TaxStatus.PendingRegularisation => new(CpfRefusalCodes.TaxStatusPendingRegularisation, "The CPF is pending regularisation at the Receita Federal."),
        TaxStatus.Null => new(CpfRefusalCodes.TaxStatusNull, "The CPF is null at the Receita Federal."),
        TaxStatus.Deceased => new(CpfRefusalCodes.HolderDeceased, "The CPF's holder is deceased."),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown tax status."),
    };
}
