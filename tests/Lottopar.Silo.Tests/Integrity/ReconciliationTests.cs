using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Lottopar.Grains.Tests.Vault;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Silo.Tests.Vault;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>A silo with the integrity module, its SFTP vault and LOTTOPAR's vault key; reconciliations run as soon as an hour's window has passed.</summary>
public sealed class ReconciliationFixture : SftpVaultFixture, IDisposable
{
    public OpensslVaultKeys Keys { get; } = new();

    protected override IDictionary<string, string?> Settings => PlatformHost.IntegrityOn(new Dictionary<string, string?>
    {
        ["Lottopar:Vault:CertificateFile"] = Keys.PathOf("vault.crt"),
        ["Lottopar:Vault:KeyFile"] = Keys.PathOf("vault.key"),
        ["Lottopar:Vault:RescanInterval"] = "00:00:01",
        ["Lottopar:Integrity:Reconciliation:Grace"] = "00:00:00",
    });

    public void Dispose() => Keys.Dispose();
}

/// <summary>
/// Rule 8 end to end: events posted to the API, hourly files sealed with openssl and sent over sftp,
/// the vault's hour reconciled with them; each difference an alert's evidence with both sides, and
/// the operator reading its own reconciliations only. Rule 9's prize deadline the same way.
/// </summary>
public sealed class ReconciliationTests(ReconciliationFixture fixture) : IClassFixture<ReconciliationFixture>, IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("lottopar-reconcile-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task AnHoursBetsAndPixAreComparedWithTheApiAndThePspAndEachDifferenceShowsBothSides()
    {
        var (op, client) = await NewOperatorAsync();
        var hour = LastHour();
        AtLeast(hour.AddHours(2).AddMinutes(1)); // the next hour ended too: the 5-minute tolerance reaches into its file
        var cpf = VaultFiles.Cpfs[0];
        await BetAsync(client, cpf, "slip_same", 5_000, hour.AddMinutes(10));
        await BetAsync(client, cpf, "slip_amount", 5_000, hour.AddMinutes(20));
        await BetAsync(client, cpf, "slip_missing", 5_000, hour.AddMinutes(30));
        await BetAsync(client, cpf, "slip_cancelled", 5_000, hour.AddMinutes(31));
        await PostAsync(client, "single-new-bet", cpf, "slip_cancelled", hour.AddMinutes(32), j => j["event"] = "cancellation");
        var cancelledWithdrawal = VaultFiles.Withdrawal("R-W1", hour.AddMinutes(46), cpf);
        cancelledWithdrawal.Elements().Single(e => e.Name.LocalName == "result").Value = "cancelled_by_player";

        Upload(op, (hour, [
            Slip(VaultFiles.Bet("R-B1", hour.AddMinutes(10).AddSeconds(20), cpf, 5_000), "slip_same"),
            Slip(VaultFiles.Bet("R-B2", hour.AddMinutes(20), cpf, 4_000), "slip_amount"),
            Slip(VaultFiles.Bet("R-B3", hour.AddMinutes(40), cpf, 3_000), "slip_extra"),
            VaultFiles.Deposit("R-D1", hour.AddMinutes(45), cpf, 10_000),
            cancelledWithdrawal,
        ]), (hour.AddHours(1), []));

        var bets = await IntegrityFixture.AlertAsync(client, "rule=vault_bet_reconciliation", a => a.GetProperty("evidence").GetArrayLength() == 3, "the bets' alert");
        var evidence = bets.GetProperty("evidence").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("detail").GetString()!);
        Assert.Equal(["bet:slip_amount:amount_differs", "bet:slip_extra:missing_on_platform", "bet:slip_missing:missing_in_vault"], evidence.Keys.Order());
        Assert.Contains("API: R$ 50,00", evidence["bet:slip_amount:amount_differs"], StringComparison.Ordinal);
        Assert.Contains("cofre: R$ 40,00", evidence["bet:slip_amount:amount_differs"], StringComparison.Ordinal);
        Assert.Contains("(R-B3)", evidence["bet:slip_extra:missing_on_platform"], StringComparison.Ordinal);
        Assert.EndsWith("cofre: ausente", evidence["bet:slip_missing:missing_in_vault"], StringComparison.Ordinal);
        Assert.Equal("vault_bet_reconciliation@1", bets.GetProperty("rule").GetString());

        var pix = await IntegrityFixture.AlertAsync(client, "rule=vault_payment_reconciliation", _ => true, "the PIX alert");
        var deposit = Assert.Single(pix.GetProperty("evidence").EnumerateArray());
        Assert.Equal("deposit:E18236120202612040159s1a2b3c4d5e:missing_on_platform", deposit.GetProperty("id").GetString());
        Assert.StartsWith("PSP: ausente; cofre: R$ 100,00", deposit.GetProperty("detail").GetString()!.Split(". ", 2)[1], StringComparison.Ordinal);

        var query = $"/integrity/reconciliations?from={Uri.EscapeDataString(hour.ToString("O"))}&to={Uri.EscapeDataString(hour.AddHours(1).ToString("O"))}";
        var rows = await Eventually.HoldsAsync(async () => (await Expect.JsonAsync(await client.GetAsync(query))).EnumerateArray().ToList(), r => r.Count == 2, "both reconciliations archived");
        var byRule = rows.ToDictionary(r => r.GetProperty("ruleId").GetString()!);
        Assert.Equal((3, 15_000L, 3, 12_000L, 3), Counts(byRule["vault_bet_reconciliation"]));
        Assert.Equal((0, 0L, 1, 10_000L, 1), Counts(byRule["vault_payment_reconciliation"]));

        var (_, other) = await NewOperatorAsync();
        Assert.Empty((await Expect.JsonAsync(await other.GetAsync(query))).EnumerateArray());
        await Expect.StatusAsync(await other.GetAsync($"{query}&oprid={op.Oprid}"), 404);
        Assert.Empty(await IntegrityFixture.AlertsAsync(other, "rule=vault_bet_reconciliation"));
        Assert.Equal(2, (await Expect.JsonAsync(await fixture.Admin.GetAsync($"{query}&oprid={op.Oprid}"))).GetArrayLength());
        // A backtest without tolerance: the bet the vault has 20 s later differs too; nothing is raised.
        var backtest = await Expect.JsonAsync(await fixture.Admin.PostAsJsonAsync("/admin/integrity/rules/vault_bet_reconciliation/backtest",
            new { from = hour, to = hour.AddHours(1), parameters = new { tolerance_seconds = 0 } }));
        var found = Assert.Single(backtest.GetProperty("alertList").EnumerateArray(), a => a.GetProperty("subject").GetString() == op.Oprid);
        Assert.Contains("bet:slip_same:time_differs", found.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(4, found.GetProperty("evidence").GetArrayLength());
        Assert.Equal(3, (await IntegrityFixture.AlertsAsync(client, "rule=vault_bet_reconciliation")).Single().GetProperty("evidence").GetArrayLength());

        var notAReconciliation = await Expect.ProblemAsync(await client.GetAsync("/integrity/reconciliations?rule=player_stake_limit"), HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(notAReconciliation.GetProperty("errors").TryGetProperty("rule", out _));
        var tooLong = await Expect.ProblemAsync(
            await client.GetAsync("/integrity/reconciliations?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"), HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task APrizeCreditedAfterTheDeadlineOrWithAnotherAmountIsFlaggedAndOneInTimeIsNot()
    {
        var (op, client) = await NewOperatorAsync();
        var hour = LastHour();
        var cpf = VaultFiles.Cpfs[1];
        foreach (var (slip, at) in new[] { ("slip_paid", 10), ("slip_late", 15), ("slip_short", 20) })
        {
            await BetAsync(client, cpf, slip, 10_000, hour.AddMinutes(at - 5));
            await PostAsync(client, "multiple-result", cpf, slip, hour.AddMinutes(at));
        }

        const long Won = 18_000 + 37_800 + 62_500; // the document's example: the legs' amount_won
        AtLeast(hour.AddHours(4).AddMinutes(2)); // the 120-minute deadline and the hours it reaches have passed
        Upload(op,
            (hour, [Win("R-W1", hour.AddMinutes(11), cpf, Won, "slip_paid"), Win("R-W3", hour.AddMinutes(21), cpf, 100_000, "slip_short")]),
            (hour.AddHours(1), []),
            (hour.AddHours(2), [Win("R-W2", hour.AddHours(2).AddMinutes(17), cpf, Won, "slip_late")]),
            (hour.AddHours(3), []));

        var alert = await IntegrityFixture.AlertAsync(client, "rule=prize_payment_deadline", _ => true, "the prize alert");
        var evidence = alert.GetProperty("evidence").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("detail").GetString()!);
        Assert.Equal(["win:slip_late:late", "win:slip_short:amount_differs"], evidence.Keys.Order());
        Assert.Contains("prêmio creditado depois do prazo", evidence["win:slip_late:late"], StringComparison.Ordinal);
        Assert.Contains("API: R$ 1.183,00", evidence["win:slip_short:amount_differs"], StringComparison.Ordinal);
        Assert.Contains("cofre: R$ 1.000,00", evidence["win:slip_short:amount_differs"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccountWhoseClosureThePlayerAskedForInTheVaultAndThatIsNotClosedThreeDaysLaterIsOverdue()
    {
        var (op, client) = await NewOperatorAsync();
        var hour = LastHour();
        var (open, closed, withdrawn) = (VaultFiles.Cpfs[1], VaultFiles.Cpfs[2], VaultFiles.Cpfs[3]);
        Upload(op, (hour, [
            VaultFiles.Registration("K-R1", hour.AddMinutes(1), open),
            Status("K-U1", hour.AddMinutes(10), open, "closure_requested"),
            Status("K-U2", hour.AddMinutes(12), closed, "closure_requested"),
            Status("K-U3", hour.AddMinutes(14), withdrawn, "closure_requested"),
            Status("K-U4", hour.AddMinutes(20), withdrawn, "active"),
            Status("K-U5", hour.AddMinutes(40), closed, "closed"),
        ]));
        await Eventually.HoldsAsync(async () => await Expect.JsonAsync(await fixture.Admin.GetAsync($"/vault/files?oprid={op.Oprid}&verdict=accepted")),
            files => files.GetArrayLength() == 1, "the file accepted");
        AtLeast(hour.AddMinutes(10).AddDays(3).AddMinutes(-1));
        await fixture.SignInAgainAsync();
        Assert.Equal(0, (await DeadlineTests.CheckAsync(fixture.Admin))["account_not_closed"].Open); // not due yet: not read

        AtLeast(hour.AddMinutes(10).AddDays(3).AddMinutes(1));
        await fixture.SignInAgainAsync();
        var check = await DeadlineTests.CheckAsync(fixture.Admin);

        Assert.True(check["account_not_closed"].Overdue >= 1);
        var alert = await IntegrityFixture.AlertAsync(client, "rule=account_not_closed", _ => true, "the account not closed");
        var evidence = Assert.Single(alert.GetProperty("evidence").EnumerateArray());
        Assert.Equal(("vault_record", "K-U1"), (evidence.GetProperty("kind").GetString(), evidence.GetProperty("id").GetString()));
        Assert.Contains(Lottopar.Grains.Validation.Cpf.Mask(open), evidence.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(open, alert.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(("operator", op.Oprid), (alert.GetProperty("subject").GetProperty("kind").GetString(), alert.GetProperty("subject").GetProperty("key").GetString()));
        var (_, other) = await NewOperatorAsync();
        Assert.Empty(await IntegrityFixture.AlertsAsync(other, "rule=account_not_closed"));
    }

    [Fact]
    public async Task AWithdrawalSoonAfterABonusWithLittleWageringInTheVaultIsFlaggedOnItsOperatorAndOneWithEnoughIsNot()
    {
        var (op, client) = await NewOperatorAsync();
        var hour = LastHour();
        var (taker, player) = (VaultFiles.Cpfs[0], VaultFiles.Cpfs[1]);
        Upload(op, (hour, [
            VaultFiles.Bonus("BW-B1", hour.AddMinutes(1), taker, 10_000),
            VaultFiles.Bonus("BW-B2", hour.AddMinutes(2), player, 10_000),
            VaultFiles.Bet("BW-T1", hour.AddMinutes(5), taker, 2_000),
            VaultFiles.Bet("BW-T2", hour.AddMinutes(6), player, 12_000),
            VaultFiles.Withdrawal("BW-W1", hour.AddMinutes(20), taker, 30_000),
            VaultFiles.Withdrawal("BW-W2", hour.AddMinutes(21), player, 30_000),
        ]));
        await Eventually.HoldsAsync(async () => await Expect.JsonAsync(await fixture.Admin.GetAsync($"/vault/files?oprid={op.Oprid}&verdict=accepted")),
            files => files.GetArrayLength() == 1, "the file accepted");

        Assert.True((await DeadlineTests.CheckAsync(fixture.Admin))["bonus_withdrawal"].Overdue >= 1);

        var alert = await IntegrityFixture.AlertAsync(client, "rule=bonus_withdrawal", _ => true, "the bonus taken out");
        var evidence = Assert.Single(alert.GetProperty("evidence").EnumerateArray());
        Assert.Equal(("vault_record", "BW-W1"), (evidence.GetProperty("kind").GetString(), evidence.GetProperty("id").GetString()));
        Assert.Contains("apostas de R$ 20,00 até o saque de R$ 300,00", evidence.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(("operator", "high"), (alert.GetProperty("subject").GetProperty("kind").GetString(), alert.GetProperty("severity").GetString()));
        var (_, other) = await NewOperatorAsync();
        Assert.Empty(await IntegrityFixture.AlertsAsync(other, "rule=bonus_withdrawal"));
    }

    private async Task<(VaultOperator Operator, HttpClient Client)> NewOperatorAsync()
    {
        var op = await fixture.NewOperatorAsync(_work.FullName);
        var pem = await File.ReadAllTextAsync(fixture.Keys.PathOf("operator.crt"));
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{op.Oprid}/vault/signing-certificate", new { pem }), 200);
        var key = await PlatformHost.IssueKeyAsync(fixture.Admin, op.Oprid, "homologation", ["betting-events", "read"]);
        return (op, fixture.Silo.WithApiKey(key));
    }

    private DateTimeOffset LastHour()
    {
        var now = fixture.Silo.Clock.GetUtcNow().UtcDateTime;
        return new DateTimeOffset(now.Date, TimeSpan.Zero).AddHours(now.Hour - 1);
    }

    /// <summary>Moves the fixture's clock forward to the instant, if it is not there yet.</summary>
    private void AtLeast(DateTimeOffset at)
    {
        var now = fixture.Silo.Clock.GetUtcNow();
        if (now < at)
        {
            fixture.Silo.Clock.Advance(at - now);
        }
    }

    private static Task BetAsync(HttpClient client, string cpf, string slip, long stake, DateTimeOffset at) =>
        PostAsync(client, "single-new-bet", cpf, slip, at, j => j["total_stake"] = stake);

    private static async Task PostAsync(HttpClient client, string example, string cpf, string slip, DateTimeOffset at, Action<JsonObject>? change = null)
    {
        var json = BettingFixture.Example(example, j =>
        {
            (j["tax_id"], j["bet_slip_id"], j["event_date"], j["bonus_amount"]) = (cpf, slip, at.ToString("O"), 0);
            change?.Invoke(j);
        });
        await BettingFixture.AcceptedAsync(await BettingFixture.PostAsync(client, json));
    }

    private static (int, long, int, long, int) Counts(JsonElement row) =>
        (row.GetProperty("platformCount").GetInt32(), row.GetProperty("platformTotal").GetInt64(), row.GetProperty("vaultCount").GetInt32(),
         row.GetProperty("vaultTotal").GetInt64(), row.GetProperty("differences").GetArrayLength());

    private static XElement Slip(XElement record, string slip)
    {
        record.Elements().Single(e => e.Name.LocalName == "bet_slip_id").Value = slip;
        return record;
    }

    private static XElement Status(string id, DateTimeOffset at, string cpf, string status) =>
        VaultFiles.E("registration_update", new XAttribute("id", id), new XAttribute("at", VaultFiles.Time(at)), VaultFiles.E("cpf", cpf), VaultFiles.E("account_status", VaultFiles.E("status", status)));

    private static XElement Win(string id, DateTimeOffset at, string cpf, long amount, string slip) => Slip(VaultFiles.Win(id, at, cpf, amount), slip);

    /// <summary>Each hour's file (sequence 1, 2, ...), sealed with openssl, sent in one sftp session as the format document says (NAME.part, then renamed).</summary>
    private void Upload(VaultOperator op, params (DateTimeOffset Hour, XElement[] Records)[] hours)
    {
        var commands = new List<string>();
        for (var i = 0; i < hours.Length; i++)
        {
            var (hour, records) = hours[i];
            var name = $"{op.Oprid}_{hour.UtcDateTime:yyyyMMddHH}_{i + 1:D8}_001-001.xml.p7m";
            var xml = Encoding.UTF8.GetBytes(VaultFiles.File(records, op.Oprid, hour, sequence: i + 1).ToString(SaveOptions.DisableFormatting));
            var local = Path.Combine(_work.FullName, name);
            File.WriteAllBytes(local, fixture.Keys.Encrypt(fixture.Keys.Sign(xml, "operator")));
            commands.Add($"put {local} /incoming/{name}.part");
            commands.Add($"rename /incoming/{name}.part /incoming/{name}");
        }

        var sent = fixture.Sftp.Sftp(op.Account, op.Key, [.. commands]);
        Assert.True(sent.ExitCode == 0, sent.Errors);
    }
}
