using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Staff;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Grains.Tests.Common;

/// <summary>
/// Every grain still on the home-made runtime that changes state, failing at its write and at the serialisation of its state:
/// the failed call leaves what the grain shows exactly as before, and the same call then succeeds
/// as if it were the first (nothing of the failed attempt was kept in memory). Grains on Orleans
/// have the same tests at the silo (OperatorChangesOnOrleansTests, LotteryChangesOnOrleansTests,
/// the vault's and sessions').
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
}
