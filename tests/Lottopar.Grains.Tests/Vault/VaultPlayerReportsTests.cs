using Lottopar.Grains.Vault;
using Xunit;

namespace Lottopar.Grains.Tests.Vault;

/// <summary>What a stored registration, update or self-exclusion record tells the player grain.</summary>
public sealed class VaultPlayerReportsTests
{
    private static readonly DateTimeOffset At = VaultFiles.Hour.AddMinutes(10);

    [Fact]
    public void ARegistrationCarriesTheWholeProfile()
    {
        var report = VaultPlayerReports.From("OPR-000042", "R1", At, VaultFiles.Registration("R1", At, VaultFiles.Cpfs[0]));

        var profile = report.Profile!;
        Assert.Null(report.SelfExclusion);
        Assert.Equal(("Maria da Silva", new DateOnly(1990, 5, 17), "maria@example.com.br", "+5541998765432", "Curitiba", "PR"),
            (profile.Name, profile.BirthDate, profile.Email, profile.Phone, profile.City, profile.State));
        Assert.Equal(("active", "document_and_selfie", At.AddMinutes(-30)), (profile.AccountStatus, profile.IdentityMethod, profile.IdentityVerifiedAt));
        var limit = Assert.Single(profile.Limits!);
        Assert.Equal(("deposit", "day", 50_000L, At), (limit.Kind, limit.Period, limit.Amount, limit.Since));
    }

    [Fact]
    public void AnUpdateCarriesOnlyWhatItSends()
    {
        var profile = VaultPlayerReports.From("OPR-000042", "R2", At, VaultFiles.Update("R2", At, VaultFiles.Cpfs[0])).Profile!;

        Assert.Equal("maria.silva@example.com.br", profile.Email);
        Assert.Equal((null, null, null, null), (profile.Name, profile.BirthDate, profile.AccountStatus, profile.Limits));
    }

    [Theory]
    [InlineData("minutes", 90, 90)]
    [InlineData("hours", 3, 180)]
    [InlineData("days", 7, 7 * 24 * 60)]
    [InlineData("weeks", 2, 14 * 24 * 60)]
    public void ATimedSelfExclusionEndsAfterItsDuration(string unit, int value, int minutes)
    {
        var record = VaultFiles.SelfExclusion("R3", At, VaultFiles.Cpfs[1]);
        var duration = record.Element(VaultFiles.Ns + "duration")!;
        duration.SetAttributeValue("unit", unit);
        duration.Value = value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var exclusion = VaultPlayerReports.From("OPR-000042", "R3", At, record).SelfExclusion!;

        Assert.Equal((At, At.AddMinutes(minutes), "player"), (exclusion.StartsAt, exclusion.Until, exclusion.Source));
    }

    [Fact]
    public void AnIndefiniteSelfExclusionHasNoEnd()
    {
        var record = VaultFiles.SelfExclusion("R4", At, VaultFiles.Cpfs[1]);
        record.Element(VaultFiles.Ns + "duration")!.ReplaceWith(VaultFiles.E("indefinite"));

        Assert.Null(VaultPlayerReports.From("OPR-000042", "R4", At, record).SelfExclusion!.Until);
    }
}
