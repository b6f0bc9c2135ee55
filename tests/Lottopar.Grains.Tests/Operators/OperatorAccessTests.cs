using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Operators;
using Lottopar.Grains.Validation;
using Xunit;

namespace Lottopar.Grains.Tests.Operators;

/// <summary>The operator's access verdict, on the in-memory runtime with reminders held back.</summary>
public sealed class OperatorAccessTests
{
    private static OperatorRegistration Registration(DateOnly validFrom, DateOnly validUntil) => new(
        "Operadora Unidade Ltda",
        Cnpj.Complete("12345678" + "0001"),
        new License("LIC-UNIT-1", "Aposta de quota fixa", ["esportes"], validFrom, validUntil),
        new ContactPerson("Contato", "contato@unidade.example.com.br", "(41) 3333-4444", "(41) 99999-0000",
            new PostalAddress("Rua A", "1", null, "Centro", "Curitiba", "PR", "80000-000")));

    [Fact]
    public async Task AccessEndsWithTheLicenseEvenBeforeItsReminderFires()
    {
        await using var harness = await GrainHarness.StartAsync();
        var grain = harness.Grains.GetGrain<IOperatorGrain>("OPR-000001");
        var validUntil = new DateOnly(2026, 12, 31);
        await grain.RegisterAsync(Registration(new DateOnly(2026, 1, 1), validUntil), Actor.System("test"));
        await grain.ChangeStatusAsync(OperatorStatus.Active, "go-live", Actor.System("test"));

        harness.Clock.Advance(LicenseCalendar.ExpiryInstant(new License("x", "x", ["x"], validUntil, validUntil)) - harness.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.True((await grain.GetAccessAsync(DeploymentEnvironment.Production)).Allowed);
        harness.Clock.Advance(TimeSpan.FromSeconds(2));

        var access = await grain.GetAccessAsync(DeploymentEnvironment.Production);
        Assert.Equal(("license_expired", false), (access.RefusalCode, access.Allowed));
        Assert.Equal(OperatorStatus.Active, (await grain.GetAsync()).Status);
    }

    [Fact]
    public async Task LicenseStartsAtMidnightInBrasilia()
    {
        await using var harness = await GrainHarness.StartAsync();
        var grain = harness.Grains.GetGrain<IOperatorGrain>("OPR-000002");
        await grain.RegisterAsync(Registration(new DateOnly(2026, 11, 22), new DateOnly(2027, 11, 21)), Actor.System("test"));

        // 15:00 UTC on the 21st: still the 21st in Brasília, so not yet valid; 03:00 UTC on the 22nd is midnight there.
        Assert.Equal("license_not_yet_valid", (await grain.GetAccessAsync(DeploymentEnvironment.Homologation)).RefusalCode);
        harness.Clock.Advance(TimeSpan.FromHours(12));
        Assert.True((await grain.GetAccessAsync(DeploymentEnvironment.Homologation)).Allowed);
    }

    [Fact]
    public async Task PendingOperatorMayUseHomologationOnly()
    {
        await using var harness = await GrainHarness.StartAsync();
        var grain = harness.Grains.GetGrain<IOperatorGrain>("OPR-000003");
        await grain.RegisterAsync(Registration(new DateOnly(2026, 1, 1), new DateOnly(2030, 1, 1)), Actor.System("test"));

        Assert.True((await grain.GetAccessAsync(DeploymentEnvironment.Homologation)).Allowed);
        Assert.Equal("operator_pending", (await grain.GetAccessAsync(DeploymentEnvironment.Production)).RefusalCode);
        Assert.Equal(OperatorAccess.Unknown, await harness.Grains.GetGrain<IOperatorGrain>("OPR-999999").GetAccessAsync(DeploymentEnvironment.Homologation));
    }
}
