using Lottopar.GrainInterfaces.CpfChecks;
using Lottopar.Grains.CpfChecks;
using Xunit;

namespace Lottopar.Grains.Tests.CpfChecks;

public sealed class CpfCheckRulesTests
{
    // 15:00 UTC is noon in Brasília: the same calendar day in both.
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    private static readonly TaxRegistryEntry Adult = new("Ana Lima", TaxStatus.Regular, new DateOnly(1990, 5, 17));

    [Fact]
    public void RegularAdultWithNothingAgainstIsAllowed()
    {
        var check = CpfCheckRules.Judge(Adult, [], selfExcludedAtOperator: false, Now);

        Assert.True(check.Allowed);
        Assert.Empty(check.Reasons);
        Assert.Equal(Now, check.CheckedAt);
    }

    [Fact]
    public void UnknownToTheRegistryIsRefusedWithoutAgeOrStatusReasons()
    {
        var check = CpfCheckRules.Judge(null, [], false, Now);

        Assert.Equal(["not_in_tax_registry"], check.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void AgeTurnsOnTheBrasiliaDateNotTheUtcDate()
    {
        // 02:00 UTC on the 18th birthday is still the day before in Brasília (UTC-3).
        var birth = new DateOnly(2008, 12, 3);
        var entry = Adult with { BirthDate = birth };

        Assert.Contains("underage", Codes(CpfCheckRules.Judge(entry, [], false, new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero))));
        Assert.DoesNotContain("underage", Codes(CpfCheckRules.Judge(entry, [], false, new DateTimeOffset(2026, 12, 3, 3, 0, 0, TimeSpan.Zero))));
    }

    [Theory]
    [InlineData(2008, 2, 29, 2026, 2, 28, false)] // no 29 February in 2026: the birthday is 1 March
    [InlineData(2008, 2, 29, 2026, 3, 1, true)]
    [InlineData(2010, 2, 28, 2028, 2, 27, false)]
    [InlineData(2010, 2, 28, 2028, 2, 28, true)]
    [InlineData(2006, 2, 28, 2024, 2, 28, true)]
    [InlineData(2006, 3, 1, 2024, 2, 29, false)]
    public void EighteenthBirthdayFollowsTheCivilCode(int by, int bm, int bd, int ty, int tm, int td, bool adult) =>
        Assert.Equal(adult, CpfCheckRules.IsAdultOn(new DateOnly(by, bm, bd), new DateOnly(ty, tm, td)));

    [Fact]
    public void OnlyEntriesInForceCount()
    {
        var ended = Entry(CpfRestrictionKind.SelfExclusion, null, Now.AddDays(-30), Now.AddDays(-1));
        var future = Entry(CpfRestrictionKind.Barred, BarredCategory.OperatorStaff, Now.AddDays(1), null);
        var removed = Entry(CpfRestrictionKind.Barred, BarredCategory.Relative, Now.AddDays(-5), null) with { RemovedAt = Now.AddDays(-1), RemovedBy = "staff:x" };
        var endsNow = Entry(CpfRestrictionKind.SelfExclusion, null, Now.AddDays(-5), Now);

        Assert.True(CpfCheckRules.Judge(Adult, [ended, future, removed, endsNow], false, Now).Allowed);
    }

    [Fact]
    public void EveryReasonIsListedOnceInAStableOrder()
    {
        var entries = new[]
        {
            Entry(CpfRestrictionKind.Barred, BarredCategory.Relative, Now.AddDays(-1), null),
            Entry(CpfRestrictionKind.SelfExclusion, null, Now.AddDays(-1), Now.AddDays(1)),
            Entry(CpfRestrictionKind.Barred, BarredCategory.OperatorStaff, Now.AddDays(-1), null),
            Entry(CpfRestrictionKind.Barred, BarredCategory.Relative, Now.AddDays(-2), null),
        };
        var entry = new TaxRegistryEntry("X", TaxStatus.Deceased, new DateOnly(2010, 1, 1));

        var check = CpfCheckRules.Judge(entry, entries, selfExcludedAtOperator: true, Now, selfExcludedNationally: true);

        Assert.False(check.Allowed);
        Assert.Equal(["holder_deceased", "underage", "self_excluded", "self_excluded_lottopar", "self_excluded_national", "barred_operator_staff", "barred_relative"], Codes(check));
    }

    [Fact]
    public void WrongCheckDigitsIsItsOwnAnswer() =>
        Assert.Equal(["invalid_check_digits"], Codes(CpfCheckRules.InvalidCheckDigits(Now)));

    private static string[] Codes(CpfCheck check) => [.. check.Reasons.Select(r => r.Code)];

    private static CpfRestriction Entry(CpfRestrictionKind kind, BarredCategory? category, DateTimeOffset since, DateTimeOffset? until) =>
        new(Guid.NewGuid(), kind, category, since, until, "test", "staff:test", since);
}
