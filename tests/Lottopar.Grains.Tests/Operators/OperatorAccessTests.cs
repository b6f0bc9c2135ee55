using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Operators;
using Xunit;

namespace Lottopar.Grains.Tests.Operators;

/// <summary>The operator's access verdict (<see cref="OperatorRules.Access"/>), which every API request passes.</summary>
public sealed class OperatorAccessTests
{
    private const string Oprid = "OPR-000001";

    private static License License(DateOnly validFrom, DateOnly validUntil) => new("LIC-UNIT-1", "Aposta de quota fixa", ["esportes"], validFrom, validUntil);

    private static OperatorAccess Access(OperatorStatus status, License license, DeploymentEnvironment environment, DateTimeOffset now) =>
        OperatorRules.Access(Oprid, status, license, "why", environment, now);

    [Fact]
    public void AccessEndsWithTheLicenseEvenBeforeItsReminderSuspendsTheOperator()
    {
        var license = License(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var expiry = LicenseCalendar.ExpiryInstant(license);

        Assert.True(Access(OperatorStatus.Active, license, DeploymentEnvironment.Production, expiry - TimeSpan.FromSeconds(1)).Allowed);
        var access = Access(OperatorStatus.Active, license, DeploymentEnvironment.Production, expiry);

        Assert.Equal(("license_expired", false), (access.RefusalCode, access.Allowed));
        Assert.Equal("License LIC-UNIT-1 expired on 2026-12-31.", access.Message);
    }

    [Fact]
    public void LicenseStartsAtMidnightInBrasilia()
    {
        var license = License(new DateOnly(2026, 11, 22), new DateOnly(2027, 11, 21));

        // 15:00 UTC on the 21st is still the 21st in Brasília; 03:00 UTC on the 22nd is midnight there.
        Assert.Equal("license_not_yet_valid", Access(OperatorStatus.Active, license, DeploymentEnvironment.Homologation, new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.Zero)).RefusalCode);
        Assert.Equal("license_not_yet_valid", Access(OperatorStatus.Active, license, DeploymentEnvironment.Homologation, new DateTimeOffset(2026, 11, 22, 2, 59, 59, TimeSpan.Zero)).RefusalCode);
        Assert.True(Access(OperatorStatus.Active, license, DeploymentEnvironment.Homologation, new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero)).Allowed);
    }

    [Fact]
    public void PendingOperatorMayUseHomologationOnly()
    {
        var license = License(new DateOnly(2026, 1, 1), new DateOnly(2030, 1, 1));
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

        Assert.True(Access(OperatorStatus.Pending, license, DeploymentEnvironment.Homologation, now).Allowed);
        Assert.Equal("operator_pending", Access(OperatorStatus.Pending, license, DeploymentEnvironment.Production, now).RefusalCode);
    }

    [Theory]
    [InlineData(OperatorStatus.Suspended, "operator_suspended")]
    [InlineData(OperatorStatus.Revoked, "operator_revoked")]
    public void SuspendedAndRevokedOperatorsAreRefusedEverywhereWithTheReason(OperatorStatus status, string code)
    {
        var license = License(new DateOnly(2026, 1, 1), new DateOnly(2030, 1, 1));
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

        foreach (var environment in Enum.GetValues<DeploymentEnvironment>())
        {
            var access = Access(status, license, environment, now);
            Assert.Equal((code, false, true), (access.RefusalCode, access.Allowed, access.Exists));
            Assert.EndsWith(": why", access.Message);
        }
    }
}
