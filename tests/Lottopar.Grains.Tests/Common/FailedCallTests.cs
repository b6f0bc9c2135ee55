using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Credentials;
using Lottopar.Grains.Lottery;
using Lottopar.Grains.Operators;
using Lottopar.Grains.Staff;
using Lottopar.Grains.Validation;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Grains.Tests.Common;

/// <summary>
/// Every grain that changes state, failing at its write and at the serialisation of its state:
/// the failed call leaves what the grain shows exactly as before, and the same call then succeeds
/// as if it were the first (nothing of the failed attempt was kept in memory).
/// </summary>
public sealed class FailedCallTests
{
    private static readonly Actor Admin = new(ActorKind.Staff, "admin@lottopar.pr.gov.br", "Admin");

    public enum Fault
    {
        Write,
        Serialisation,
    }

    /// <summary>A state-changing call of one grain, with how to read what the grain shows.</summary>
    /// <param name="GrainType">The grain's type name, where write faults are armed.</param>
    /// <param name="ArmSerialisation">Arms a serialisation fault on the grain's state type.</param>
    public sealed record Case(
        string GrainType,
        Action<FaultInjector> ArmSerialisation,
        Func<GrainHarness, Task> Arrange,
        Func<GrainHarness, Task> Change,
        Func<GrainHarness, Task<object?>> Read);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["operator registers"] = new("operator", f => f.FailNextSerialisation<OperatorState>(),
            _ => Task.CompletedTask,
            h => h.Grains.GetGrain<IOperatorGrain>("OPR-000101").RegisterAsync(Registration("101"), Admin),
            h => ReadOrMissing(() => h.Grains.GetGrain<IOperatorGrain>("OPR-000101").GetAsync())),
        ["operator changes status"] = new("operator", f => f.FailNextSerialisation<OperatorState>(),
            h => h.Grains.GetGrain<IOperatorGrain>("OPR-000102").RegisterAsync(Registration("102"), Admin),
            h => h.Grains.GetGrain<IOperatorGrain>("OPR-000102").ChangeStatusAsync(OperatorStatus.Active, "homologated", Admin),
            h => ReadOrMissing(() => h.Grains.GetGrain<IOperatorGrain>("OPR-000102").GetAsync())),
        ["lottery provider configures"] = new("lottery_provider", f => f.FailNextSerialisation<LotteryProviderState>(),
            h => h.Grains.GetGrain<IOperatorGrain>("OPR-000103").RegisterAsync(Registration("103"), Admin),
            h => h.Grains.GetGrain<ILotteryProviderGrain>("OPR-000103").ConfigureAsync("103", ["127.0.0.1"], true, Admin),
            h => ReadOrMissing(() => h.Grains.GetGrain<ILotteryProviderGrain>("OPR-000103").GetAsync())),
        ["lottery provider registers a POS"] = new("lottery_provider", f => f.FailNextSerialisation<LotteryProviderState>(),
            async h =>
            {
                await h.Grains.GetGrain<IOperatorGrain>("OPR-000104").RegisterAsync(Registration("104"), Admin);
                await h.Grains.GetGrain<ILotteryProviderGrain>("OPR-000104").ConfigureAsync("104", ["127.0.0.1"], true, Admin);
            },
            h => h.Grains.GetGrain<ILotteryProviderGrain>("OPR-000104").RegisterPosAsync("28", "Z000000104", true, Admin),
            h => ReadOrMissing(() => h.Grains.GetGrain<ILotteryProviderGrain>("OPR-000104").GetAsync())),
        ["API credentials issue a key"] = new("api_credentials", f => f.FailNextSerialisation<ApiCredentialsState>(),
            h => h.Grains.GetGrain<IOperatorGrain>("OPR-000106").RegisterAsync(Registration("106"), Admin),
            h => h.Grains.GetGrain<IApiCredentialsGrain>("OPR-000106").CreateAsync(DeploymentEnvironment.Homologation, ["read"], Admin),
            h => ReadOrMissing(() => h.Grains.GetGrain<IApiCredentialsGrain>("OPR-000106").ListAsync())),
        ["staff account is created"] = new("staff_user", f => f.FailNextSerialisation<StaffUserState>(),
            _ => Task.CompletedTask,
            h => h.Grains.GetGrain<IStaffUserGrain>("ana@lottopar.pr.gov.br").CreateAsync(
                new StaffUserDraft("ana@lottopar.pr.gov.br", "Ana", null, ["auditor"], null), Admin),
            h => ReadOrMissing(() => h.Grains.GetGrain<IStaffUserGrain>("ana@lottopar.pr.gov.br").GetAsync())),
        ["staff account is disabled"] = new("staff_user", f => f.FailNextSerialisation<StaffUserState>(),
            h => h.Grains.GetGrain<IStaffUserGrain>("bia@lottopar.pr.gov.br").CreateAsync(
                new StaffUserDraft("bia@lottopar.pr.gov.br", "Bia", null, ["auditor"], null), Admin),
            h => h.Grains.GetGrain<IStaffUserGrain>("bia@lottopar.pr.gov.br").SetDisabledAsync(true, "left", Admin),
            h => ReadOrMissing(() => h.Grains.GetGrain<IStaffUserGrain>("bia@lottopar.pr.gov.br").GetAsync())),
        ["lottery catalog sets a quota"] = new("lottery_catalog", f => f.FailNextSerialisation<LotteryCatalogState>(),
            _ => Task.CompletedTask,
            h => h.Grains.GetGrain<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).ChangeDrawQuotaAsync("05", new QuotaChange(5000, 50000, 500, 5000), Admin),
            async h => await h.Grains.GetGrain<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync()),
        ["lottery draw enters a result"] = new("lottery_draw", f => f.FailNextSerialisation<LotteryDrawState>(),
            _ => Task.CompletedTask,
            // 15:00 UTC on the harness clock is past the 11:55 closing of draw 01 in Brasília.
            h => h.Grains.GetGrain<ILotteryDrawGrain>("01/2026-11-21").EnterResultAsync(new DrawResult("482", null), Admin),
            async h => await h.Grains.GetGrain<ILotteryDrawGrain>("01/2026-11-21").GetAsync()),
    };

    public static TheoryData<string, Fault> AllCases()
    {
        var data = new TheoryData<string, Fault>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name, Fault.Write);
            data.Add(name, Fault.Serialisation);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public async Task AFailedCallLeavesTheGrainAsItWas(string name, Fault fault)
    {
        var @case = Cases[name];
        await using var harness = await GrainHarness.StartAsync();
        await @case.Arrange(harness);
        var before = Json(await @case.Read(harness));
        if (fault == Fault.Write)
        {
            harness.Faults.FailNextWrite(@case.GrainType);
        }
        else
        {
            @case.ArmSerialisation(harness.Faults);
        }

        await Assert.ThrowsAsync<InjectedFaultException>(() => @case.Change(harness));

        Assert.Equal(before, Json(await @case.Read(harness)));
        await @case.Change(harness);
        Assert.NotEqual(before, Json(await @case.Read(harness)));
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value);

    private static async Task<object?> ReadOrMissing<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (DomainNotFoundException)
        {
            return "missing";
        }
    }

    private static OperatorRegistration Registration(string n) => new(
        $"Operadora {n} Ltda",
        Cnpj.Complete("12345" + n + "0001"),
        new License($"LIC-{n}", "Aposta de quota fixa", ["esportes"], new DateOnly(2026, 1, 1), new DateOnly(2030, 12, 31)),
        new ContactPerson("Contato", $"contato{n}@example.com.br", "(41) 3333-4444", $"(41) 99999-0{n}",
            new PostalAddress("Rua A", "1", null, "Centro", "Curitiba", "PR", "80000-000")));
}
