using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Grains.Lottery;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>
/// The lottery's catalog and draws run on Orleans (issue 16). A change whose write fails (before
/// the commit, or at the serialisation of the state) fails whole: a 500, what the API shows is as
/// before, no audit entry stays behind, and the same request then succeeds as if it were the first.
/// Turn grains (sales) have theirs in <see cref="WebSaleFailureTests"/>.
/// </summary>
public sealed class LotteryChangesOnOrleansTests(WebSaleFixture fixture) : IClassFixture<WebSaleFixture>
{
    public enum Fault
    {
        Write,
        Serialisation,
    }

    /// <summary>One change; its draw code differs per case, so that the cases do not meet.</summary>
    private sealed record Change(
        string GrainType,
        Action<FaultInjector> ArmSerialisation,
        Func<HttpClient, string, Task<HttpResponseMessage>> Send,
        Func<string, string> ReadPath,
        string AuditAction);

    /// <summary>Yesterday in Brasília: every draw of that day is closed, so its result may be entered.</summary>
    private string Yesterday => LotteryCalendar.SaleDate(fixture.Silo.Clock.GetUtcNow()).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Dictionary<string, Change> Changes => new()
    {
        ["catalog sets a draw's quota"] = new("lottery_catalog", f => f.FailNextSerialisation<LotteryCatalogState>(),
            (admin, draw) => admin.PutAsJsonAsync($"/admin/lottery/draws/{draw}/quota", new { triple = 5_000 + Random.Shared.Next(1, 1_000) }),
            _ => "/admin/lottery/settings",
            "lottery.draw_quota_set"),
        ["draw's result is entered"] = new("lottery_draw", f => f.FailNextSerialisation<LotteryDrawState>(),
            (admin, draw) => admin.PostAsJsonAsync($"/admin/lottery/draws/{draw}/{Yesterday}/result", new { triple = "482" }),
            draw => $"/admin/lottery/draws/{draw}/{Yesterday}/result",
            "lottery.result_entered"),
    };

    public static TheoryData<string, Fault, string> Cases() => new()
    {
        { "catalog sets a draw's quota", Fault.Write, "05" },
        { "catalog sets a draw's quota", Fault.Serialisation, "06" },
        { "draw's result is entered", Fault.Write, "02" },
        { "draw's result is entered", Fault.Serialisation, "03" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AChangeThatCannotBeWrittenLeavesNothingAndThenSucceeds(string name, Fault fault, string draw)
    {
        var change = Changes[name];
        var admin = await fixture.Silo.AdminAsync(); // each case its own admin: its audit entries are its own
        var actor = (await admin.GetFromJsonAsync<JsonElement>("/auth/me")).GetProperty("id").GetString();
        var before = await admin.GetStringAsync(change.ReadPath(draw));

        if (fault == Fault.Write)
        {
            fixture.Silo.Faults.FailNextWrite(change.GrainType);
        }
        else
        {
            change.ArmSerialisation(fixture.Silo.Faults);
        }

        var failed = await change.Send(admin, draw);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(before, await admin.GetStringAsync(change.ReadPath(draw)));
        await Expect.StatusAsync(await change.Send(admin, draw), 200);
        Assert.NotEqual(before, await admin.GetStringAsync(change.ReadPath(draw)));
        var audit = await Eventually.HoldsAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>($"/admin/audit?actor={actor}&action={change.AuditAction}")).GetArrayLength(),
            n => n >= 1, "the change is audited");
        Assert.Equal(1, audit); // the failed attempt left no entry
    }
}
