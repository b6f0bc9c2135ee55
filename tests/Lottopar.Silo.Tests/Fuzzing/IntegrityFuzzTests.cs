using System.Text.Json;
using FsCheck.Fluent;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// The integrity routes under hostile ids, queries and bodies: operators' alerts, blocked players and
/// risk; LOTTOPAR's rules, backtests, cases, snoozes and players' pages. Nothing fails the server and a
/// refused request stores nothing.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class IntegrityFuzzTests(FuzzFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public Task IntegrityRoutesNeverFailAndRefusedOnesStoreNothing()
    {
        var alertId = Hostile.Segment(Guid.NewGuid().ToString(), "00000000-0000-0000-0000-000000000000", "not-a-guid");
        var rule = Hostile.Segment("bonus_bet", "player_score", "no_such_rule", "vault_late_file");
        var now = DateTimeOffset.UtcNow;
        var requests = Gen.OneOf(
            Requests.WithoutBody("GET", Hostile.Query("status", "rule", "oprid", "before", "limit").Select(q => "/integrity/alerts" + q), Caller.Operator),
            Requests.WithoutBody("GET", Requests.Path(alertId, a => $"/integrity/alerts/{a}", Requests.RarelyQuery("x")), Caller.Operator),
            Requests.WithBody("POST", alertId.Select(a => $"/integrity/alerts/{a}/acknowledge"), Gen.Constant(Json(new { action = "Jogador bloqueado." })), Caller.Operator),
            Requests.WithoutBody("GET", Hostile.Query("oprid", "limit").Select(q => "/integrity/blocked-players" + q), Caller.Operator),
            Requests.WithBody("POST", Gen.Constant("/integrity/blocked-players/lookup"), Gen.Constant(Json(new { cpf = fixture.Cpf })), Caller.Operator),
            Requests.WithoutBody("GET", Hostile.Query("oprid", "highlighted").Select(q => "/integrity/risk" + q), Caller.Operator),
            Requests.WithoutBody("GET", Requests.Path(rule, r => $"/admin/integrity/rules/{r}", Requests.RarelyQuery("x")), Caller.Admin),
            Requests.WithBody("POST", rule.Select(r => $"/admin/integrity/rules/{r}/versions"),
                Gen.Constant(Json(new { parameters = new { per_hour = 10 }, reason = "fuzz", shadow = true })), Caller.Admin),
            Requests.WithBody("POST", rule.Select(r => $"/admin/integrity/rules/{r}/backtest"),
                Gen.Constant(Json(new { from = now.AddHours(-1), to = now, parameters = new { policy = 1 } })), Caller.Admin),
            Requests.WithoutBody("GET", Requests.Path(rule, r => $"/admin/integrity/rules/{r}/shadow-findings", Hostile.Query("version", "limit")), Caller.Admin),
            Requests.WithBody("POST", Gen.Constant("/admin/integrity/cases"), Gen.Constant(Json(new { title = "Caso", alertIds = new[] { Guid.NewGuid() } })), Caller.Admin),
            Requests.WithoutBody("GET", Hostile.Query("status", "assignee", "limit").Select(q => "/admin/integrity/cases" + q), Caller.Admin),
            Requests.WithBody("POST", alertId.Select(a => $"/admin/integrity/cases/{a}/comments"), Gen.Constant(Json(new { text = "nota" })), Caller.Admin),
            Requests.WithBody("POST", alertId.Select(a => $"/admin/integrity/alerts/{a}/snooze"), Gen.Constant(Json(new { until = now.AddDays(1), reason = "fuzz" })), Caller.Admin),
            Requests.WithBody("POST", alertId.Select(a => $"/admin/integrity/alerts/{a}/close"), Gen.Constant(Json(new { resolution = "fuzz" })), Caller.Admin),
            Requests.WithBody("POST", Gen.Constant("/admin/integrity/blocked-players/lift"), Gen.Constant(Json(new { oprid = fixture.Oprid, cpf = fixture.Cpf, reason = "fuzz" })), Caller.Admin),
            Requests.WithBody("POST", Gen.Constant("/admin/integrity/players/lookup"), Gen.Constant(Json(new { cpf = fixture.Cpf })), Caller.Admin));
        return Fuzz.CheckAsync(output, nameof(IntegrityRoutesNeverFailAndRefusedOnesStoreNothing), requests, 300, r => Fuzz.RefusedChangesNothingAsync(fixture, r));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, TestJson.Options);
}
