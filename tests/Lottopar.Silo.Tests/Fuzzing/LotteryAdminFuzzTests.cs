using FsCheck.Fluent;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// LOTTOPAR's lottery administration under hostile input: the catalog replaced by damaged copies of
/// itself, draw results and their confirmation, quotas, and the reads, on draw codes and days of every
/// shape. A damaged catalog that still passes validation is put back at once, so that the webSale
/// property keeps selling on the default one.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class LotteryAdminFuzzTests(FuzzFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public Task LotteryAdministrationNeverFailsAndRefusedChangesStoreNothing()
    {
        var draw = Hostile.Segment("01", "02", "13", "15", "99");
        var day = Hostile.Segment(fixture.Day(), fixture.Day(-1), fixture.Day(1), "2026-02-30", fixture.Today.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        var drawDay = Gen.Zip(draw, day).Select(t => $"/admin/lottery/draws/{t.Item1}/{t.Item2}");
        var results = Gen.Elements("{\"triple\":\"987\",\"sign\":null}", "{\"triple\":\"987\",\"sign\":2}", "{\"triple\":\"482\"}");
        var requests = Gen.OneOf(
            Requests.WithoutBody("GET", Requests.RarelyQuery("x").Select(q => "/admin/lottery/settings" + q), Caller.Admin),
            Requests.WithBody("PUT", Gen.Constant("/admin/lottery/catalog"), Gen.Constant(fixture.CatalogJson), Caller.Admin),
            Requests.WithoutBody("GET", drawDay.Select(p => p + "/result"), Caller.Admin),
            Requests.WithoutBody("GET", drawDay.Select(p => p + "/sales"), Caller.Admin),
            Requests.WithBody("POST", drawDay.Select(p => p + "/result"), results, Caller.Admin),
            Requests.WithBody("POST", drawDay.Select(p => p + "/result/confirm"), results, Caller.Admin),
            Requests.WithBody("PUT", draw.Select(d => $"/admin/lottery/draws/{d}/quota"),
                Gen.Constant("{\"triple\":5000,\"terminal\":50000,\"tripleZodiac\":500,\"terminalZodiac\":5000}"), Caller.Admin),
            Requests.WithoutBody("DELETE", draw.Select(d => $"/admin/lottery/draws/{d}/quota"), Caller.Admin));
        return Fuzz.CheckAsync(output, nameof(LotteryAdministrationNeverFailsAndRefusedChangesStoreNothing), requests, 400, async r =>
        {
            var answer = await Fuzz.RefusedChangesNothingAsync(fixture, r);
            if (r.Target == "/admin/lottery/catalog" && answer.StartsWith('2'))
            {
                using var restore = new StringContent(fixture.CatalogJson, System.Text.Encoding.UTF8, "application/json");
                await Expect.StatusAsync(await fixture.Admin.PutAsync("/admin/lottery/catalog", restore), 200);
            }

            return answer;
        });
    }
}
