using System.Net;
using System.Net.Http.Json;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Payments;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Payments;
using Lottopar.Silo.Tests.CpfChecks;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Silo.Tests.Payments;

/// <summary>
/// Payout accounts and POST /payments/cash-out through the sandbox PSP: the money sent once to the
/// player's own key whatever the retries and timeouts, failures that move nothing, returns.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class CashOutTests(PaymentsFixture fixture)
{
    private const long Funded = 1_000_000;

    [Fact]
    public async Task PayoutAccountIsAKeyThePlayerHoldsAndNothingElse()
    {
        var op = await FundedOperatorAsync();
        var player = CpfFixture.NewCpf();
        var someoneElse = CpfFixture.NewCpf();
        var email = $"p{Guid.NewGuid():N}@example.com";
        await fixture.Sandbox.SetKeyAsync(email, someoneElse);

        var notTheirs = await PaymentsFixture.SetPayoutAccountAsync(op.Client, player, email);
        var unknown = await PaymentsFixture.SetPayoutAccountAsync(op.Client, player, $"x{Guid.NewGuid():N}@example.com");
        var garbage = await PaymentsFixture.SetPayoutAccountAsync(op.Client, player, "not a key");
        await Expect.ProblemAsync(await op.Client.PostAsJsonAsync("/players/payout-account/lookup", new { cpf = player }), HttpStatusCode.NotFound, "not_found");

        Assert.Equal("payout_key_not_players", (await Expect.ProblemAsync(notTheirs, HttpStatusCode.UnprocessableEntity, "payout_key_not_players")).GetProperty("code").GetString());
        await Expect.ProblemAsync(unknown, HttpStatusCode.UnprocessableEntity, "payout_key_not_found");
        Assert.True((await Expect.ProblemAsync(garbage, HttpStatusCode.UnprocessableEntity, "validation_failed")).GetProperty("errors").TryGetProperty("pixKey", out _));

        var own = await Expect.JsonAsync(await PaymentsFixture.SetPayoutAccountAsync(op.Client, Cpf.Format(player), player));
        Assert.Equal((Cpf.Mask(player), "CPF"), (own.GetProperty("pixKey").GetString(), own.GetProperty("keyType").GetString()));
        var read = await Expect.JsonAsync(await op.Client.PostAsJsonAsync("/players/payout-account/lookup", new { cpf = player }));
        Assert.Equal(own.GetRawText(), read.GetRawText());
        Assert.DoesNotContain(player, read.GetRawText(), StringComparison.Ordinal);
        // The audit log is filled from the audit stream, a moment after the change.
        await Eventually.HoldsAsync(
            () => fixture.Silo.Database.ScalarAsync<long>("select count(*) from audit_log where action = 'payout_account.set' and target_id like '%/" + op.Oprid + "'"),
            count => count == 1, "the payout account's registration is in the audit log once");

        var other = await FundedOperatorAsync();
        await Expect.ProblemAsync(await other.Client.PostAsJsonAsync("/players/payout-account/lookup", new { cpf = player }), HttpStatusCode.NotFound, "not_found");

        // The integrity module hears of the refused attempt and of the registration (not of a key the directory lacks), the key fingerprinted and masked.
        var checks = await fixture.Silo.Database.ScalarAsync<string>(
            $"select coalesce(json_agg(payload order by id)::text, '[]') from stream_events where stream_namespace = 'payments' and stream_key = '{op.Oprid}' and event_type = 'payout_key_checked'");
        var seen = System.Text.Json.JsonDocument.Parse(checks!).RootElement.EnumerateArray().ToList();
        Assert.Equal([(PixKeys.Mask(email), false), (Cpf.Mask(player), true)], seen.Select(c => (c.GetProperty("keyMasked").GetString(), c.GetProperty("holderIsPlayer").GetBoolean())));
        Assert.DoesNotContain(email, checks, StringComparison.Ordinal);
        Assert.Equal(2, seen.Select(c => c.GetProperty("keyFingerprint").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task PayoutIsSentOnceWhateverTheRetriesAndCountedInTheLedger()
    {
        var op = await FundedOperatorAsync();
        var cpf = await PlayerWithAccountAsync(op);
        var body = new { cpf, amount = 30_000, reference = "saque-1" };

        var response = await PaymentsFixture.CashOutAsync(op.Client, body, "out-1");
        var first = await Expect.JsonAsync(response, 201);
        var again = await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, body, "out-1"), 201);
        var other = await PaymentsFixture.CashOutAsync(op.Client, body with { amount = 30_001 }, "out-1");

        var id = first.GetProperty("id").GetString()!;
        Assert.Equal($"/payments/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(("completed", "cash_out", Cpf.Mask(cpf)), (first.GetProperty("status").GetString(), first.GetProperty("kind").GetString(), first.GetProperty("pixKey").GetString()));
        Assert.StartsWith("E", first.GetProperty("endToEndId").GetString(), StringComparison.Ordinal);
        Assert.Equal(first.GetRawText(), again.GetRawText());
        Assert.Equal("Idempotency-Key", (await Expect.ProblemAsync(other, HttpStatusCode.Conflict, "conflict")).GetProperty("field").GetString());
        Assert.Equal("REALIZADO:30000", await fixture.Sandbox.PayoutsOfAsync(op.Chave));
        Assert.Equal("player_withdrawals:30000:0,psp_transactional:0:30000", await LedgerOfAsync(id));
        Assert.Equal(first.GetRawText(), (await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"))).GetRawText());
        Assert.Equal(30_000, await WithdrawnTodayAsync(op, cpf));
    }

    [Theory]
    [InlineData("{\"cpf\":\"CPF\",\"amount\":0,\"reference\":\"r\"}", "amount")]
    [InlineData("{\"cpf\":\"CPF\",\"amount\":-5,\"reference\":\"r\"}", "amount")]
    [InlineData("{\"cpf\":\"CPF\",\"amount\":100000001,\"reference\":\"r\"}", "amount")]
    [InlineData("{\"cpf\":\"12345678900\",\"amount\":100,\"reference\":\"r\"}", "cpf")]
    [InlineData("{\"cpf\":\"CPF\",\"amount\":100,\"reference\":\"\"}", "reference")]
    [InlineData("{\"cpf\":\"CPF\",\"amount\":100,\"reference\":\"r\"}", "Idempotency-Key")]
    public async Task BadRequestsAre422NamingTheFieldAndSendNothing(string json, string field)
    {
        var op = await FundedOperatorAsync();
        var cpf = await PlayerWithAccountAsync(op);
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/cash-out")
        {
            Content = new StringContent(json.Replace("CPF", cpf, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
        };
        if (field != "Idempotency-Key")
        {
            request.Headers.Add("Idempotency-Key", "k-" + field);
        }

        var problem = await Expect.ProblemAsync(await op.Client.SendAsync(request), HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(0, await PayoutsAtPlatformAsync(op.Oprid));
        Assert.Null(await fixture.Sandbox.PayoutsOfAsync(op.Chave));
    }

    [Fact]
    public async Task PlayerWithoutPayoutAccountGetsNothingSent()
    {
        var op = await FundedOperatorAsync();

        var refused = await PaymentsFixture.CashOutAsync(op.Client, new { cpf = CpfFixture.NewCpf(), amount = 1_000, reference = "r" }, "no-account");

        await Expect.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "payout_account_missing");
        Assert.Equal(0, await PayoutsAtPlatformAsync(op.Oprid));
    }

    [Fact]
    public async Task PayoutTheAccountCannotCoverFailsAndMovesNothing()
    {
        var op = await fixture.NewOperatorAsync(notified: false, autoPayAfterMs: null, ["payments"], openingBalance: 500);
        var cpf = await PlayerWithAccountAsync(op);

        var failed = await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, new { cpf, amount = 501, reference = "too-much" }, "short"), 201);

        Assert.Equal(("failed", "insufficient_funds"), (failed.GetProperty("status").GetString(), failed.GetProperty("failureReason").GetString()));
        Assert.Null(await LedgerOfAsync(failed.GetProperty("id").GetString()!));
        Assert.Equal("NAO_REALIZADO:501", await fixture.Sandbox.PayoutsOfAsync(op.Chave));
        var retried = await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, new { cpf, amount = 501, reference = "too-much" }, "short"), 201);
        Assert.Equal("failed", retried.GetProperty("status").GetString());
        Assert.Equal("NAO_REALIZADO:501", await fixture.Sandbox.PayoutsOfAsync(op.Chave));
    }

    [Fact]
    public async Task AKeyThatMovedToAnotherPersonGetsNoMoney()
    {
        var op = await FundedOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var phone = "+5541" + Random.Shared.Next(900_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await fixture.Sandbox.SetKeyAsync(phone, cpf);
        var account = await Expect.JsonAsync(await PaymentsFixture.SetPayoutAccountAsync(op.Client, cpf, phone));
        Assert.Equal("TELEFONE", account.GetProperty("keyType").GetString());
        Assert.Equal(phone[..3] + "*******" + phone[^4..], account.GetProperty("pixKey").GetString());
        await fixture.Sandbox.SetKeyAsync(phone, CpfFixture.NewCpf()); // a portability: the key is someone else's now

        var failed = await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, new { cpf, amount = 2_000, reference = "r" }, "moved"), 201);

        Assert.Equal(("failed", "key_holder_mismatch"), (failed.GetProperty("status").GetString(), failed.GetProperty("failureReason").GetString()));
        Assert.Equal("NAO_REALIZADO:2000", await fixture.Sandbox.PayoutsOfAsync(op.Chave));
        Assert.Null(await LedgerOfAsync(failed.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task PspTimingOutAfterItPaidLeavesThePayoutPendingUntilReconciliationSettlesItOnce()
    {
        var op = await FundedOperatorAsync();
        var cpf = await PlayerWithAccountAsync(op);
        await fixture.Sandbox.PayoutFailNextAsync(3, status: 504, afterExecuting: true); // every attempt of the client: paid, then no answer

        var pending = await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, new { cpf, amount = 12_000, reference = "r" }, "timeout"), 201);
        var id = pending.GetProperty("id").GetString()!;

        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal("REALIZADO:12000", await fixture.Sandbox.PayoutsOfAsync(op.Chave));
        var reconciler = fixture.Silo.Services.GetRequiredService<PendingPaymentsReconciler>();
        fixture.Silo.Clock.Advance(TimeSpan.FromMinutes(11));
        fixture.Sandbox.Clock.Advance(TimeSpan.FromMinutes(11)); // both: the deposit tests count on how far apart the two clocks are
        Assert.True(await reconciler.RunOnceAsync(default) >= 1);
        await reconciler.RunOnceAsync(default);

        var settled = await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"));
        Assert.Equal("completed", settled.GetProperty("status").GetString());
        Assert.Equal("REALIZADO:12000", await fixture.Sandbox.PayoutsOfAsync(op.Chave));
        Assert.Equal("player_withdrawals:12000:0,psp_transactional:0:12000", await LedgerOfAsync(id));
    }

    [Fact]
    public async Task PspDownBeforeItPaidLeavesThePayoutPendingAndTheRetrySendsItOnce()
    {
        var op = await FundedOperatorAsync();
        var cpf = await PlayerWithAccountAsync(op);
        var body = new { cpf, amount = 4_000, reference = "r" };
        await fixture.Sandbox.PayoutFailNextAsync(3, status: 503);

        var pending = await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, body, "down"), 201);
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Null(await fixture.Sandbox.PayoutsOfAsync(op.Chave));

        var completed = await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, body, "down"), 201);
        await PaymentsFixture.CashOutAsync(op.Client, body, "down");
        Assert.Equal((pending.GetProperty("id").GetString(), "completed"), (completed.GetProperty("id").GetString(), completed.GetProperty("status").GetString()));
        Assert.Equal("REALIZADO:4000", await fixture.Sandbox.PayoutsOfAsync(op.Chave));
    }

    [Fact]
    public async Task AReturnedPayoutIsUndoneInTheLedgerAndTheOperatorIsTold()
    {
        var op = await FundedOperatorAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await Expect.StatusAsync(await op.Client.PutAsJsonAsync("/payments/webhook", new { url = receiver.Url }), 200);
        var cpf = await PlayerWithAccountAsync(op);
        var id = (await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, new { cpf, amount = 8_800, reference = "r" }, "ret"), 201)).GetProperty("id").GetString()!;

        await Expect.StatusAsync(await fixture.Sandbox.ReturnPayoutAsync(op.Chave, id), 200);
        for (var i = 0; i < 3; i++)
        {
            await NotifyPayoutAsync(op.Oprid, id);
        }

        var returned = await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"));
        Assert.Equal("returned", returned.GetProperty("status").GetString());
        Assert.Equal(JsonValueKindString, returned.GetProperty("returnedAt").ValueKind);
        Assert.Equal("player_withdrawals:8800:0,player_withdrawals:0:8800,psp_transactional:0:8800,psp_transactional:8800:0", await LedgerOfAsync(id));
        Assert.Equal(0, await WithdrawnTodayAsync(op, cpf));
        var notifier = fixture.Silo.Services.GetRequiredService<PaymentNotifier>();
        for (var i = 0; i < 200 && receiver.Received.Count < 2; i++)
        {
            // Other tests' notifications are due too (a round takes a batch), and the silo's own round may hold ours for a moment.
            if (await notifier.RunOnceAsync(default) == 0)
            {
                await Task.Delay(50);
            }
        }

        Assert.Equal(["cash_out.completed", "cash_out.returned"], receiver.Received
            .Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()).Order());
    }

    [Fact]
    public async Task TheDayReconcilesSentPixAndSettlesAPayoutThePlatformMissed()
    {
        var op = await FundedOperatorAsync();
        var cpf = await PlayerWithAccountAsync(op);
        var done = await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, new { cpf, amount = 1_500, reference = "a" }, "rec-a"), 201);
        await fixture.Sandbox.PayoutFailNextAsync(3, status: 504, afterExecuting: true);
        var missed = (await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, new { cpf, amount = 2_500, reference = "b" }, "rec-b"), 201)).GetProperty("id").GetString()!;
        var day = Grains.Common.BrasiliaTime.Today(done.GetProperty("settledAt").GetDateTimeOffset());

        var result = await Expect.JsonAsync(await fixture.Admin.PostAsync($"/admin/operators/{op.Oprid}/payments/reconciliations?date={day:yyyy-MM-dd}", null));

        Assert.Equal((2, 4_000L, 1, 1_500L), (result.GetProperty("pspPayoutCount").GetInt32(), result.GetProperty("pspPayoutTotal").GetInt64(),
            result.GetProperty("platformPayoutCount").GetInt32(), result.GetProperty("platformPayoutTotal").GetInt64()));
        var difference = Assert.Single(result.GetProperty("differences").EnumerateArray());
        Assert.Equal(("payout_unsettled_at_platform", missed), (difference.GetProperty("kind").GetString(), difference.GetProperty("payment").GetString()));
        Assert.Equal("completed", (await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{missed}"))).GetProperty("status").GetString());
        var again = await Expect.JsonAsync(await fixture.Admin.PostAsync($"/admin/operators/{op.Oprid}/payments/reconciliations?date={day:yyyy-MM-dd}", null));
        Assert.True(again.GetProperty("balanced").GetBoolean(), again.GetRawText());
    }

    [Fact]
    public async Task APausedPlayerCannotDepositButIsStillPaidOut()
    {
        var op = await FundedOperatorAsync();
        var other = await FundedOperatorAsync();
        var cpf = await PlayerWithAccountAsync(op);
        var until = fixture.Silo.Clock.GetUtcNow().AddDays(7);

        var paused = await Expect.JsonAsync(await op.Client.PutAsJsonAsync("/players/pause", new { cpf, kind = "cooling_off", until }));
        var refused = await PaymentsFixture.CashInAsync(op.Client, new { cpf, amount = 1_000, reference = "r" }, "paused");
        var shortened = await op.Client.PutAsJsonAsync("/players/pause", new { cpf, kind = "cooling_off", until = until.AddDays(-1) });
        var unknown = await op.Client.PutAsJsonAsync("/players/pause", new { cpf, kind = "vacation", until });

        Assert.Equal("cooling_off", paused.GetProperty("pauses")[0].GetProperty("kind").GetString());
        Assert.Equal(["cooling_off"], (await Expect.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "player_paused")).GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.True((await Expect.ProblemAsync(shortened, HttpStatusCode.UnprocessableEntity, "validation_failed")).GetProperty("errors").TryGetProperty("until", out _));
        Assert.True((await Expect.ProblemAsync(unknown, HttpStatusCode.BadRequest, "malformed_json")).GetProperty("errors").TryGetProperty("kind", out _));
        Assert.Equal("completed", (await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, new { cpf, amount = 500, reference = "r" }, "paid-anyway"), 201))
            .GetProperty("status").GetString());
        await PaymentsFixture.DepositAsync(other.Client, cpf); // a pause at one operator is that operator's
        Assert.Equal(1, await fixture.Silo.Database.ScalarAsync<long>("select count(*) from audit_log where action = 'player_pause.set' and target_id like '%/" + op.Oprid + "'"));
    }

    [Fact]
    public async Task AnotherOperatorCannotReadSettleOrPayFromAPayout()
    {
        var owner = await FundedOperatorAsync();
        var other = await FundedOperatorAsync();
        var cpf = await PlayerWithAccountAsync(owner);
        var id = (await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(owner.Client, new { cpf, amount = 700, reference = "r" }, "mine"), 201)).GetProperty("id").GetString()!;
        await Expect.StatusAsync(await fixture.Sandbox.ReturnPayoutAsync(owner.Chave, id), 200);

        await Expect.ProblemAsync(await other.Client.GetAsync($"/payments/{id}"), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await other.Client.GetAsync($"/payments/{id}/notifications"), HttpStatusCode.NotFound, "not_found");
        await NotifyPayoutAsync(other.Oprid, id);
        Assert.Equal("completed", (await Expect.JsonAsync(await owner.Client.GetAsync($"/payments/{id}"))).GetProperty("status").GetString());
        // The other operator's player with the same CPF has no payout account there: the owner's registration does not carry over.
        await Expect.ProblemAsync(await PaymentsFixture.CashOutAsync(other.Client, new { cpf, amount = 700, reference = "r" }, "theirs"), HttpStatusCode.UnprocessableEntity, "payout_account_missing");
    }

    [Fact]
    public async Task TheVaultReconciliationReadsEachSettledPixOfTheOperatorByItsEndToEndId()
    {
        var op = await fixture.NewOperatorAsync(notified: true, autoPayAfterMs: 100, ["payments"], openingBalance: Funded);
        var other = await FundedOperatorAsync();
        var cpf = await PlayerWithAccountAsync(op);
        var payout = await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(op.Client, new { cpf, amount = 4_321, reference = "saque-conc" }, "conc-1"), 201);
        var depositId = (await PaymentsFixture.DepositAsync(op.Client, cpf, amount: 1_234)).GetProperty("id").GetString()!;
        var deposit = await Eventually.HoldsAsync(
            async () => await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{depositId}")), d => d.GetProperty("status").GetString() == "completed", "the deposit paid by the player");
        await Expect.JsonAsync(await PaymentsFixture.CashOutAsync(other.Client, new { cpf = await PlayerWithAccountAsync(other), amount = 999, reference = "r" }, "conc-2"), 201);
        var source = fixture.Silo.Services.GetRequiredService<IReconciliationSource>();
        var now = fixture.Silo.Clock.GetUtcNow();

        var items = await Eventually.HoldsAsync(
            () => source.PlatformAsync(ReconciliationChannel.Payments, op.Oprid, now.AddHours(-1), now.AddHours(1), CancellationToken.None), i => i.Count == 2, "both PIX in the ledger");

        Assert.Equal(
            [("deposit", deposit.GetProperty("endToEndId").GetString(), 1_234L, "pagamento " + depositId),
             ("withdrawal", payout.GetProperty("endToEndId").GetString(), 4_321L, "pagamento " + payout.GetProperty("id").GetString())],
            items.OrderBy(i => i.Kind).Select(i => (i.Kind, (string?)i.Key, i.Amount, i.Reference)));
        Assert.Empty(await source.PlatformAsync(ReconciliationChannel.Payments, op.Oprid, now.AddHours(1), now.AddHours(2), CancellationToken.None));
    }

    private Task<PaymentsFixture.Operator> FundedOperatorAsync() => fixture.NewOperatorAsync(notified: false, autoPayAfterMs: null, ["payments"], openingBalance: Funded);

    /// <summary>A new player whose payout account at the operator is the key of their own CPF.</summary>
    private static async Task<string> PlayerWithAccountAsync(PaymentsFixture.Operator op)
    {
        var cpf = CpfFixture.NewCpf();
        await Expect.StatusAsync(await PaymentsFixture.SetPayoutAccountAsync(op.Client, cpf, cpf), 200);
        return cpf;
    }

    /// <summary>What the PSP posts after a PIX it sent: the id, nothing the platform believes.</summary>
    private async Task NotifyPayoutAsync(string oprid, string id) =>
        await Expect.StatusAsync(await fixture.Psp.PostAsJsonAsync($"/pix/webhook/{oprid}/pagamentos", new { pagamentos = new[] { new { idEnvio = id, status = "DEVOLVIDO" } } }), 200);

    /// <summary>What the player's funds at the operator count as withdrawn today.</summary>
    private static async Task<long> WithdrawnTodayAsync(PaymentsFixture.Operator op, string cpf) =>
        (await Expect.JsonAsync(await op.Client.PostAsJsonAsync("/players/deposit-limits/lookup", new { cpf }))).GetProperty("totals").EnumerateArray()
            .Single(t => t.GetProperty("period").GetString() == "day").GetProperty("withdrawn").GetInt64();

    private Task<long> PayoutsAtPlatformAsync(string oprid) =>
        fixture.Silo.Database.ScalarAsync<long>($"select count(*) from grain_state where grain_type = 'cash_out' and state->>'oprid' = '{oprid}'");

    private Task<string?> LedgerOfAsync(string paymentId) => fixture.Silo.Database.ScalarAsync<string>(
        $"select string_agg(account || ':' || debit || ':' || credit, ',' order by account, movement) from ledger_entries where payment_id = '{paymentId}'");

    private const System.Text.Json.JsonValueKind JsonValueKindString = System.Text.Json.JsonValueKind.String;
}
