using System.Net;
using System.Net.Http.Json;
using Lottopar.Grains.Payments;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Payments;
using Lottopar.Silo.Tests.CpfChecks;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Silo.Tests.Payments;

/// <summary>POST /payments/cash-in through the sandbox PSP over mutual TLS, and its settlement from the PSP's word only.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class CashInTests(PaymentsFixture fixture)
{
    [Fact]
    public async Task CashInAnswersTheChargeWithItsBrCodeAndQrImage()
    {
        var op = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();

        var response = await PaymentsFixture.CashInAsync(op.Client, new { cpf = Cpf.Format(cpf), amount = 12_345, reference = "pedido-77", expiresInSeconds = 900 }, "key-1");
        var deposit = await Expect.JsonAsync(response, 201);

        var id = deposit.GetProperty("id").GetString()!;
        Assert.Equal($"/payments/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(("pending", 12_345L, "pedido-77", Cpf.Mask(cpf)), (deposit.GetProperty("status").GetString(), deposit.GetProperty("amount").GetInt64(),
            deposit.GetProperty("reference").GetString(), deposit.GetProperty("cpf").GetString()));
        Assert.True(BrCodes.IsValid(deposit.GetProperty("brCode").GetString()));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], Convert.FromBase64String(deposit.GetProperty("qrCodePng").GetString()!)[..4]);
        var expires = deposit.GetProperty("expiresAt").GetDateTimeOffset() - deposit.GetProperty("createdAt").GetDateTimeOffset();
        Assert.InRange(expires.TotalSeconds, 895, 905);
        var read = await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"));
        Assert.Equal(deposit.GetProperty("brCode").GetString(), read.GetProperty("brCode").GetString());
    }

    [Fact]
    public async Task TheSameKeyIsTheSameDepositAndAnotherRequestUnderItIsAConflict()
    {
        var op = await fixture.NewOperatorAsync();
        var body = new { cpf = CpfFixture.NewCpf(), amount = 5_000, reference = "r1" };

        var first = await Expect.JsonAsync(await PaymentsFixture.CashInAsync(op.Client, body, "same-key"), 201);
        var again = await Expect.JsonAsync(await PaymentsFixture.CashInAsync(op.Client, body, "same-key"), 201);
        var other = await PaymentsFixture.CashInAsync(op.Client, body with { amount = 5_001 }, "same-key");

        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(first.GetProperty("brCode").GetString(), again.GetProperty("brCode").GetString());
        Assert.Equal("Idempotency-Key", (await Expect.ProblemAsync(other, HttpStatusCode.Conflict, "conflict")).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("{\"cpf\":\"CPF\",\"amount\":0,\"reference\":\"r\"}", "amount")]
    [InlineData("{\"cpf\":\"CPF\",\"amount\":-100,\"reference\":\"r\"}", "amount")]
    [InlineData("{\"cpf\":\"CPF\",\"amount\":100000001,\"reference\":\"r\"}", "amount")]
    [InlineData("{\"cpf\":\"12345678900\",\"amount\":100,\"reference\":\"r\"}", "cpf")]
    [InlineData("{\"cpf\":\"CPF\",\"amount\":100,\"reference\":\"\"}", "reference")]
    [InlineData("{\"cpf\":\"CPF\",\"amount\":100,\"reference\":\"r\",\"expiresInSeconds\":10}", "expiresInSeconds")]
    [InlineData("{\"cpf\":\"CPF\",\"amount\":100,\"reference\":\"r\"}", "Idempotency-Key")]
    public async Task BadRequestsAre422NamingTheFieldAndCreateNothing(string json, string field)
    {
        var op = await fixture.NewOperatorAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/cash-in")
        {
            Content = new StringContent(json.Replace("CPF", CpfFixture.NewCpf(), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
        };
        if (field != "Idempotency-Key")
        {
            request.Headers.Add("Idempotency-Key", "k-" + field);
        }

        var problem = await Expect.ProblemAsync(await op.Client.SendAsync(request), HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(0, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from grain_state where grain_type = 'cash_in' and state->>'oprid' = '{op.Oprid}'"));
    }

    [Fact]
    public async Task PlayerWhoMayNotBetCannotDeposit()
    {
        var op = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        await fixture.Sandbox.SetAsync(cpf, birthDate: DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-16));

        var refused = await PaymentsFixture.CashInAsync(op.Client, new { cpf, amount = 1_000, reference = "r" }, "minor");

        var problem = await Expect.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "player_not_allowed");
        Assert.Equal(["underage"], problem.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(0, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from grain_state where grain_type = 'cash_in' and state->>'oprid' = '{op.Oprid}'"));
    }

    [Fact]
    public async Task PaidByThePlayerCompletesOnceWhateverTheNotifications()
    {
        var op = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var id = (await PaymentsFixture.DepositAsync(op.Client, cpf)).GetProperty("id").GetString()!;

        await fixture.NotifyAsync(op.Oprid, id); // before the payment: nothing to settle
        Assert.Equal("pending", (await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"))).GetProperty("status").GetString());

        await Expect.StatusAsync(await fixture.Sandbox.PayAsync(op.Chave, id, cpf), 201);
        for (var i = 0; i < 10; i++)
        {
            await fixture.NotifyAsync(op.Oprid, id);
        }

        var settled = await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"));
        Assert.Equal("completed", settled.GetProperty("status").GetString());
        Assert.StartsWith("E", settled.GetProperty("endToEndId").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonNull, settled.GetProperty("refundId").ValueKind);
        Assert.Equal("player_deposits:0:5000,psp_transactional:5000:0", await LedgerOfAsync(id));
        var statement = await Expect.JsonAsync(await op.Client.GetAsync($"/payments/statement?date={BrasiliaToday():yyyy-MM-dd}"));
        Assert.True(statement.GetProperty("balanced").GetBoolean());
        Assert.Equal(5_000, statement.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("account").GetString() == "psp_transactional").GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task PaidBySomeoneElseIsRefundedWholeAndOnce()
    {
        var op = await fixture.NewOperatorAsync();
        var id = (await PaymentsFixture.DepositAsync(op.Client, CpfFixture.NewCpf(), amount: 7_700)).GetProperty("id").GetString()!;

        await Expect.StatusAsync(await fixture.Sandbox.PayAsync(op.Chave, id, CpfFixture.NewCpf()), 201);
        await fixture.NotifyAsync(op.Oprid, id);
        await fixture.NotifyAsync(op.Oprid, id);

        var refunded = await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"));
        Assert.Equal("refunded", refunded.GetProperty("status").GetString());
        Assert.Equal("psp_transactional:7700:0,psp_transactional:0:7700,refunds_payable:0:7700,refunds_payable:7700:0", await LedgerOfAsync(id));
        using var psp = new PixClient(op.Psp, TimeProvider.System, TimeSpan.FromSeconds(2));
        var refund = Assert.Single(Assert.Single((await psp.GetChargeAsync(id, default))!.Received).Refunds);
        Assert.Equal((7_700L, refunded.GetProperty("refundId").GetString()), (refund.Centavos, refund.Id));
    }

    [Fact]
    public async Task ThePlayerPaysThePspNotifiesAndTheDepositCompletesWithNoOneElseActing()
    {
        var op = await fixture.NewOperatorAsync(notified: true, autoPayAfterMs: 100, scopes: ["payments"]);
        var id = (await PaymentsFixture.DepositAsync(op.Client, CpfFixture.NewCpf(), amount: 1_234)).GetProperty("id").GetString()!;

        var status = "pending";
        for (var i = 0; i < 100 && status == "pending"; i++)
        {
            await Task.Delay(100);
            status = (await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"))).GetProperty("status").GetString()!;
        }

        Assert.Equal("completed", status);
    }

    [Fact]
    public async Task AChargePaidAfterItExpiredIsStillCreditedToThePlayer()
    {
        var op = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var id = (await Expect.JsonAsync(await PaymentsFixture.CashInAsync(op.Client, new { cpf, amount = 2_000, reference = "late", expiresInSeconds = 60 }, "late-1"), 201))
            .GetProperty("id").GetString()!;
        fixture.Sandbox.Clock.Advance(TimeSpan.FromMinutes(5));

        await Expect.StatusAsync(await fixture.Sandbox.PayAsync(op.Chave, id, cpf), 409); // the payer's bank refuses an expired charge...
        await Expect.StatusAsync(await fixture.Sandbox.PayAsync(op.Chave, id, cpf, ignoreExpiry: true), 201); // ...unless its payment was already on its way
        await fixture.NotifyAsync(op.Oprid, id);

        var settled = await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"));
        Assert.Equal("completed", settled.GetProperty("status").GetString());
        Assert.Equal("player_deposits:0:2000,psp_transactional:2000:0", await LedgerOfAsync(id));
    }

    [Fact]
    public async Task TheToolPaysAChargeAtTheSandbox()
    {
        var op = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var id = (await PaymentsFixture.DepositAsync(op.Client, cpf, amount: 990)).GetProperty("id").GetString()!;

        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "lottopar.dll"), "sandbox", "pay", id, "--chave", op.Chave,
            "--payer-cpf", Cpf.Format(cpf), "--sandbox-url", fixture.Sandbox.BaseUrl })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LOTTOPAR_SANDBOX_ADMIN_TOKEN"] = fixture.Sandbox.AdminToken;
        using var tool = System.Diagnostics.Process.Start(start)!;
        var output = await tool.StandardOutput.ReadToEndAsync();
        await tool.WaitForExitAsync();

        Assert.True(tool.ExitCode == 0, output + await tool.StandardError.ReadToEndAsync());
        Assert.Contains($"paid {id} R$ 9.90", output, StringComparison.Ordinal);
        await fixture.NotifyAsync(op.Oprid, id);
        Assert.Equal("completed", (await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheDayIsReconciledAgainstThePspsOwnListAndEveryDifferenceKept()
    {
        var op = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var settled = (await PaymentsFixture.DepositAsync(op.Client, cpf, amount: 1_000)).GetProperty("id").GetString()!;
        var unsettled = (await PaymentsFixture.DepositAsync(op.Client, cpf, amount: 2_500)).GetProperty("id").GetString()!;
        var paid = await Expect.JsonAsync(await fixture.Sandbox.PayAsync(op.Chave, settled, cpf), 201);
        await fixture.NotifyAsync(op.Oprid, settled);
        await Expect.StatusAsync(await fixture.Sandbox.PayAsync(op.Chave, unsettled, cpf), 201); // its notification never comes
        var day = Grains.Common.BrasiliaTime.Today(paid.GetProperty("horario").GetDateTimeOffset());
        var operatorKey = op.Client;

        var result = await Expect.JsonAsync(await fixture.Admin.PostAsync($"/admin/operators/{op.Oprid}/payments/reconciliations?date={day:yyyy-MM-dd}", null));

        Assert.Equal((2, 3_500L, 1, 1_000L), (result.GetProperty("pspCount").GetInt32(), result.GetProperty("pspTotal").GetInt64(),
            result.GetProperty("platformCount").GetInt32(), result.GetProperty("platformTotal").GetInt64()));
        var difference = Assert.Single(result.GetProperty("differences").EnumerateArray());
        Assert.Equal(("unsettled_at_platform", unsettled), (difference.GetProperty("kind").GetString(), difference.GetProperty("payment").GetString()));
        Assert.False(result.GetProperty("balanced").GetBoolean());
        Assert.Equal(1, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from payment_reconciliations where oprid = '{op.Oprid}' and jsonb_array_length(differences) = 1"));
        Assert.Contains((int)(await operatorKey.PostAsync($"/admin/operators/{op.Oprid}/payments/reconciliations?date={day:yyyy-MM-dd}", null)).StatusCode, new[] { 401, 403 });

        await fixture.NotifyAsync(op.Oprid, unsettled);
        var again = await Expect.JsonAsync(await fixture.Admin.PostAsync($"/admin/operators/{op.Oprid}/payments/reconciliations?date={day:yyyy-MM-dd}", null));
        Assert.True(again.GetProperty("balanced").GetBoolean());
    }

    [Fact]
    public async Task YesterdayIsReconciledOncePerOperatorByTheDailyJob()
    {
        var op = await fixture.NewOperatorAsync();
        var daily = fixture.Silo.Services.GetRequiredService<DailyReconciliation>();

        var first = await daily.RunOnceAsync(default);
        var second = await daily.RunOnceAsync(default);

        Assert.Contains(op.Oprid, first);
        Assert.DoesNotContain(op.Oprid, second);
        var yesterday = Grains.Common.BrasiliaTime.Today(fixture.Silo.Clock.GetUtcNow()).AddDays(-1);
        Assert.Equal(1, await fixture.Silo.Database.ScalarAsync<long>(
            $"select count(*) from payment_reconciliations where oprid = '{op.Oprid}' and day = '{yesterday:yyyy-MM-dd}' and ran_by = '{DailyReconciliation.RanBy}'"));
    }

    [Fact]
    public async Task DepositWhoseNotificationWasLostIsSettledByReconciliation()
    {
        var op = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var id = (await PaymentsFixture.DepositAsync(op.Client, cpf)).GetProperty("id").GetString()!;
        await Expect.StatusAsync(await fixture.Sandbox.PayAsync(op.Chave, id, cpf), 201);
        var reconciler = fixture.Silo.Services.GetRequiredService<PendingPaymentsReconciler>();

        await reconciler.RunOnceAsync(default); // too young: left to the webhook
        Assert.Equal("pending", (await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"))).GetProperty("status").GetString());

        fixture.Silo.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.True(await reconciler.RunOnceAsync(default) >= 1);
        Assert.Equal("completed", (await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"))).GetProperty("status").GetString());
        Assert.Equal("player_deposits:0:5000,psp_transactional:5000:0", await LedgerOfAsync(id));
    }

    [Fact]
    public async Task OutcomeIsPostedSignedOnceAndRetriedUntilAccepted()
    {
        var op = await fixture.NewOperatorAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await Expect.JsonAsync(await op.Client.PutAsJsonAsync("/payments/webhook", new { url = receiver.Url }));
        var secret = webhook.GetProperty("secret").GetString()!;
        var cpf = CpfFixture.NewCpf();
        var id = (await PaymentsFixture.DepositAsync(op.Client, cpf, amount: 4_200)).GetProperty("id").GetString()!;
        await Expect.StatusAsync(await fixture.Sandbox.PayAsync(op.Chave, id, cpf), 201);
        for (var i = 0; i < 3; i++)
        {
            await fixture.NotifyAsync(op.Oprid, id);
        }

        receiver.AnswerNext(500, 503);
        var notifier = fixture.Silo.Services.GetRequiredService<PaymentNotifier>();
        await notifier.RunOnceAsync(default);
        fixture.Silo.Clock.Advance(PaymentNotifier.Backoff(1));
        await notifier.RunOnceAsync(default);
        fixture.Silo.Clock.Advance(PaymentNotifier.Backoff(2));
        await notifier.RunOnceAsync(default);
        fixture.Silo.Clock.Advance(TimeSpan.FromHours(1));
        await notifier.RunOnceAsync(default); // delivered: nothing more is sent

        Assert.Equal(3, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Body).Distinct());
        foreach (var (headers, body) in receiver.Received)
        {
            var signature = headers[NotificationSignature.Header].ToString();
            var t = signature.Split(',')[0][2..];
            var mac = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes($"{t}.{body}"));
            Assert.Equal($"t={t},v1={Convert.ToHexStringLower(mac)}", signature);
        }

        var posted = System.Text.Json.JsonDocument.Parse(receiver.Received.First().Body).RootElement;
        Assert.Equal(("cash_in.completed", id, 4_200L), (posted.GetProperty("event").GetString(), posted.GetProperty("paymentId").GetString(), posted.GetProperty("amount").GetInt64()));
        var log = Assert.Single((await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}/notifications"))).EnumerateArray());
        Assert.Equal([500, 503, 200], log.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("status").GetInt32()));
        Assert.Equal(JsonValueKindString, log.GetProperty("deliveredAt").ValueKind);
        Assert.DoesNotContain(secret, (await op.Client.GetStringAsync("/payments/webhook")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheClientLibraryDepositsAndReadsThePayment()
    {
        var op = await fixture.NewOperatorAsync();
        var key = await PlatformHost.IssueKeyAsync(fixture.Admin, op.Oprid, "homologation", "payments");
        var client = new Lottopar.Client.LottoparClient(fixture.Silo.CreateClient(), key);

        var created = await client.CashInAsync(CpfFixture.NewCpf(), 3_300, "lib-1", 600, "lib-key-1");
        var again = await client.CashInAsync(CpfFixture.NewCpf(), 3_300, "lib-1", 600, "lib-key-1");
        var read = await client.GetPaymentAsync(created.Document!.Value.GetProperty("id").GetString()!);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // the same key with another CPF
        Assert.Equal((3_300L, "pending"), (read.Document!.Value.GetProperty("amount").GetInt64(), read.Document.Value.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task TheOpenWebhookRouteIsLimitedPerAddressAndOperator()
    {
        var op = await fixture.NewOperatorAsync();
        var other = await fixture.NewOperatorAsync();
        for (var i = 0; i < PaymentsFixture.WebhookCallsPerMinute; i++)
        {
            await fixture.NotifyAsync(op.Oprid, "lp" + new string('0', 32));
        }

        var refused = await fixture.Psp.PostAsJsonAsync($"/pix/webhook/{op.Oprid}/pix", new { pix = Array.Empty<object>() });
        await Expect.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter);
        await fixture.NotifyAsync(other.Oprid, "lp" + new string('0', 32));
    }

    [Fact]
    public async Task ThePspWebhookAnswersOnlyOverMutualTlsWithACertificateOfTheConfiguredCa()
    {
        var op = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var id = (await PaymentsFixture.DepositAsync(op.Client, cpf)).GetProperty("id").GetString()!;
        await Expect.StatusAsync(await fixture.Sandbox.PayAsync(op.Chave, id, cpf), 201);
        var body = new { pix = new[] { new { txid = id } } };
        using var plain = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        using var noCertificate = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, server, _, _) => fixture.Sandbox.IssuedByPspCa(server) } })
        {
            BaseAddress = new Uri(fixture.WebhookBaseUrl),
        };
        using var strangersCertificate = fixture.Sandbox.WebhookClient(fixture.WebhookBaseUrl, TestCertificates.NewAuthority("Someone else's CA"));

        Assert.Equal(HttpStatusCode.NotFound, (await plain.PostAsJsonAsync($"/pix/webhook/{op.Oprid}/pix", body)).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => noCertificate.PostAsJsonAsync($"/pix/webhook/{op.Oprid}/pix", body));
        await Assert.ThrowsAsync<HttpRequestException>(() => strangersCertificate.PostAsJsonAsync($"/pix/webhook/{op.Oprid}/pix", body));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Psp.GetAsync($"/payments/{id}")).StatusCode); // the webhook port serves the webhooks only
        Assert.Equal("pending", (await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"))).GetProperty("status").GetString());

        await Expect.StatusAsync(await fixture.Psp.PostAsJsonAsync($"/pix/webhook/{op.Oprid}/pix", body), 200);
        Assert.Equal("completed", (await Expect.JsonAsync(await op.Client.GetAsync($"/payments/{id}"))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task WebhookUrlMustBeAnHttpUrl()
    {
        var op = await fixture.NewOperatorAsync();

        var problem = await Expect.ProblemAsync(await op.Client.PutAsJsonAsync("/payments/webhook", new { url = "ftp://example.com/x" }), HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindString = System.Text.Json.JsonValueKind.String;

    [Fact]
    public async Task DepositLimitsRefuseWhatWouldPassThemACutAppliesAtOnceARaiseWaits()
    {
        var op = await fixture.NewOperatorAsync();
        var other = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var set = await Expect.JsonAsync(await op.Client.PutAsJsonAsync("/players/deposit-limits", new { cpf, period = "day", amount = 10_000 }));
        Assert.Equal(Cpf.Mask(cpf), set.GetProperty("cpf").GetString());

        await PaymentsFixture.DepositAsync(op.Client, cpf, amount: 6_000);
        var refused = await PaymentsFixture.CashInAsync(op.Client, new { cpf, amount = 4_001, reference = "r" }, "over");
        Assert.Equal(["deposit_limit_day"], (await Expect.ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "deposit_limit_exceeded"))
            .GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        await PaymentsFixture.DepositAsync(other.Client, cpf, amount: 9_000); // another operator's limits are its own

        var raised = await Expect.JsonAsync(await op.Client.PutAsJsonAsync("/players/deposit-limits", new { cpf, period = "day", amount = 50_000 }));
        var day = raised.GetProperty("limits")[0];
        Assert.Equal((10_000L, 6_000L, 50_000L), (day.GetProperty("amount").GetInt64(), day.GetProperty("used").GetInt64(), day.GetProperty("pending").GetProperty("amount").GetInt64()));
        await Expect.ProblemAsync(await PaymentsFixture.CashInAsync(op.Client, new { cpf, amount = 4_001, reference = "r" }, "still-over"), HttpStatusCode.UnprocessableEntity, "deposit_limit_exceeded");

        // (That the raise applies 24 hours later is DepositLimitsTests': moving this silo's clock a day would end its admin's session.)
        var cut = await Expect.JsonAsync(await op.Client.PutAsJsonAsync("/players/deposit-limits", new { cpf, period = "day", amount = 1_000 }));
        Assert.Equal(1_000, cut.GetProperty("limits")[0].GetProperty("amount").GetInt64());
        Assert.Equal(JsonNull, cut.GetProperty("limits")[0].GetProperty("pending").ValueKind);
        var lookup = await Expect.JsonAsync(await other.Client.PostAsJsonAsync("/players/deposit-limits/lookup", new { cpf }));
        Assert.Equal(0, lookup.GetProperty("limits").GetArrayLength()); // the other operator's view of the same player: no limits of its own
    }

    [Fact]
    public async Task TwoDepositsAskedAtOnceCannotBothPassALimit()
    {
        var op = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        await Expect.StatusAsync(await op.Client.PutAsJsonAsync("/players/deposit-limits", new { cpf, period = "week", amount = 10_000 }), 200);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            PaymentsFixture.CashInAsync(op.Client, new { cpf, amount = 6_000, reference = $"r{i}" }, $"parallel-{i}")));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task AnotherOperatorCannotReadOrSettleADeposit()
    {
        var owner = await fixture.NewOperatorAsync();
        var other = await fixture.NewOperatorAsync();
        var cpf = CpfFixture.NewCpf();
        var id = (await PaymentsFixture.DepositAsync(owner.Client, cpf)).GetProperty("id").GetString()!;
        await Expect.StatusAsync(await fixture.Sandbox.PayAsync(owner.Chave, id, cpf), 201);

        await Expect.ProblemAsync(await other.Client.GetAsync($"/payments/{id}"), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await other.Client.GetAsync($"/payments/{id}/notifications"), HttpStatusCode.NotFound, "not_found");
        await fixture.NotifyAsync(other.Oprid, id);
        Assert.Equal("pending", (await Expect.JsonAsync(await owner.Client.GetAsync($"/payments/{id}"))).GetProperty("status").GetString());

        await fixture.NotifyAsync(owner.Oprid, id);
        Assert.Equal("completed", (await Expect.JsonAsync(await owner.Client.GetAsync($"/payments/{id}"))).GetProperty("status").GetString());
        await Expect.ProblemAsync(await owner.Client.GetAsync("/payments/not-a-payment-id"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PspDownIs503AndTheRetryWithTheSameKeyMakesOneDeposit()
    {
        var op = await fixture.NewOperatorAsync();
        var body = new { cpf = CpfFixture.NewCpf(), amount = 2_000, reference = "r" };
        await fixture.Sandbox.PspFailNextAsync(3);

        var down = await PaymentsFixture.CashInAsync(op.Client, body, "retry-me");
        Assert.Equal("psp", (await Expect.ProblemAsync(down, HttpStatusCode.ServiceUnavailable, "dependency_unavailable")).GetProperty("dependency").GetString());
        Assert.NotNull(down.Headers.RetryAfter);

        var created = await Expect.JsonAsync(await PaymentsFixture.CashInAsync(op.Client, body, "retry-me"), 201);
        Assert.Equal("pending", created.GetProperty("status").GetString());
    }

    [Fact]
    public async Task APspThatRefusesTheChargeIs502AndNothingIsKept()
    {
        var op = await fixture.NewOperatorAsync();
        var wrongKey = op.Psp with { Chave = Guid.NewGuid().ToString() }; // not the account's PIX key: the PSP refuses charges to it
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{op.Oprid}/psp", new
        {
            baseUrl = wrongKey.BaseUrl, clientId = wrongKey.ClientId, clientSecret = wrongKey.ClientSecret, chave = wrongKey.Chave,
            clientCertificatePem = wrongKey.ClientCertificatePem, clientKeyPem = wrongKey.ClientKeyPem, serverCaPem = wrongKey.ServerCaPem,
        }), 200);

        var refused = await PaymentsFixture.CashInAsync(op.Client, new { cpf = CpfFixture.NewCpf(), amount = 1_000, reference = "r" }, "refused-1");

        var problem = await Expect.ProblemAsync(refused, HttpStatusCode.BadGateway, "psp_refused");
        Assert.Equal(400, problem.GetProperty("pspStatus").GetInt32());
        Assert.Contains(problem.GetProperty("violations").EnumerateArray(), v => v.GetString()!.StartsWith("cob.chave", StringComparison.Ordinal));
        Assert.Equal(0, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from grain_state where grain_type = 'cash_in' and state->>'oprid' = '{op.Oprid}'"));
    }

    [Fact]
    public async Task OperatorWithoutPspAccountOrScopeCannotDeposit()
    {
        var oprid = await PlatformHost.OnboardAsync(fixture.Admin);
        var noAccount = fixture.Silo.WithApiKey(await PlatformHost.IssueKeyAsync(fixture.Admin, oprid, "homologation", "payments"));
        var noScope = await fixture.NewOperatorAsync("cpf", "read");
        var body = new { cpf = CpfFixture.NewCpf(), amount = 2_000, reference = "r" };

        Assert.Equal("payments", (await Expect.ProblemAsync(await PaymentsFixture.CashInAsync(noAccount, body, "k"), HttpStatusCode.Conflict, "conflict")).GetProperty("field").GetString());
        await Expect.ProblemAsync(await PaymentsFixture.CashInAsync(noScope.Client, body, "k"), HttpStatusCode.Forbidden, "scope_missing");
    }

    [Fact]
    public async Task PspAccountIsSetByAdminsShownWithoutSecretsAndAudited()
    {
        var op = await fixture.NewOperatorAsync();
        var auditor = await fixture.Silo.StaffAsync(["auditor"], oprid: null);

        var shown = await auditor.GetAsync($"/admin/operators/{op.Oprid}/psp");
        var text = await shown.Content.ReadAsStringAsync();
        Assert.Equal(op.Psp.Chave, (await Expect.JsonAsync(shown)).GetProperty("chave").GetString());
        Assert.DoesNotContain(op.Psp.ClientSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        await Expect.StatusAsync(await auditor.PutAsJsonAsync($"/admin/operators/{op.Oprid}/psp", new { baseUrl = "https://x" }), 403);
        await Expect.ProblemAsync(await fixture.Admin.GetAsync("/admin/operators/OPR-999999/psp"), HttpStatusCode.NotFound, "not_found");

        var audit = await Expect.JsonAsync(await fixture.Admin.GetAsync($"/admin/audit?oprid={op.Oprid}&action=psp_account.set"));
        Assert.Equal(1, audit.GetArrayLength());
        Assert.DoesNotContain(op.Psp.ClientSecret, audit.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", audit.GetRawText(), StringComparison.Ordinal);
        var stored = await fixture.Silo.Database.ScalarAsync<string>($"select state::text from grain_state where grain_type = 'psp_account' and grain_key = '{op.Oprid}'");
        Assert.DoesNotContain(op.Psp.ClientSecret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadPspAccountsAre422NamingTheField()
    {
        var op = await fixture.NewOperatorAsync();
        var stranger = TestCertificates.NewAuthority("x").IssueClient("y");
        var good = new Dictionary<string, string?>
        {
            ["baseUrl"] = op.Psp.BaseUrl, ["clientId"] = op.Psp.ClientId, ["clientSecret"] = op.Psp.ClientSecret, ["chave"] = op.Psp.Chave,
            ["clientCertificatePem"] = op.Psp.ClientCertificatePem, ["clientKeyPem"] = op.Psp.ClientKeyPem, ["serverCaPem"] = op.Psp.ServerCaPem,
        };

        foreach (var (field, value, named) in new[]
        {
            ("baseUrl", "http://127.0.0.1:1/api-pix/", "baseUrl"),
            ("clientId", "", "clientId"),
            ("chave", new string('k', 78), "chave"),
            ("clientKeyPem", stranger.Key, "clientCertificatePem"),
            ("serverCaPem", "not a certificate", "serverCaPem"),
        })
        {
            var body = new Dictionary<string, string?>(good) { [field] = value };
            var problem = await Expect.ProblemAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{op.Oprid}/psp", body), HttpStatusCode.UnprocessableEntity, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty(named, out _), $"{field}: {problem.GetRawText()}");
        }

        Assert.Equal(op.Psp.Chave, (await Expect.JsonAsync(await fixture.Admin.GetAsync($"/admin/operators/{op.Oprid}/psp"))).GetProperty("chave").GetString());
    }

    /// <summary>A payment's ledger rows, "account:debit:credit" in a fixed order.</summary>
    private Task<string?> LedgerOfAsync(string paymentId) => fixture.Silo.Database.ScalarAsync<string>(
        $"select string_agg(account || ':' || debit || ':' || credit, ',' order by account, movement) from ledger_entries where payment_id = '{paymentId}'");

    private DateOnly BrasiliaToday() => Grains.Common.BrasiliaTime.Today(fixture.Silo.Clock.GetUtcNow());

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
