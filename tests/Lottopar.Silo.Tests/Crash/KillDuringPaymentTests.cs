using System.Net.Http.Json;
using Lottopar.Silo.Tests.CpfChecks;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Crash;

/// <summary>
/// The silo process is killed (SIGKILL) after the PSP carried out a request and before the platform
/// answered the operator: a charge created, a payout sent. Restarted, the operator's retry with the
/// same Idempotency-Key finds the same charge and the same PIX: nothing made twice, the payout's
/// money counted once.
/// </summary>
public sealed class KillDuringPaymentTests
{
    [Fact]
    public async Task AKillBetweenThePspsWorkAndTheAnswerMakesNothingTwice()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var setup = await PlatformHost.StartAsync(settings: sandbox.PlatformSettings);
        var settings = CrashLoad.Settings();
        foreach (var (key, value) in sandbox.PlatformSettings)
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        settings["Lottopar__Payments__PspAttemptTimeout"] = "00:00:30"; // the PSP's held answer outlasts the kill, not the client's patience
        try
        {
            var admin = await setup.AdminAsync();
            var oprid = await PlatformHost.OnboardAsync(admin);
            var psp = await sandbox.NewPspAccountAsync(openingBalance: 1_000_000);
            await Expect.StatusAsync(await admin.PutAsJsonAsync($"/admin/operators/{oprid}/psp", new
            {
                baseUrl = psp.BaseUrl, clientId = psp.ClientId, clientSecret = psp.ClientSecret, chave = psp.Chave,
                clientCertificatePem = psp.ClientCertificatePem, clientKeyPem = psp.ClientKeyPem, serverCaPem = psp.ServerCaPem,
            }), 200);
            var apiKey = await PlatformHost.IssueKeyAsync(admin, oprid, "homologation", "payments");
            var cpf = CpfFixture.NewCpf();
            await Expect.StatusAsync(await setup.WithApiKey(apiKey).PutAsJsonAsync("/players/payout-account", new { cpf, pixKey = cpf }), 200);
            await setup.StopKeepingDataAsync();

            var deposit = new { cpf, amount = 2_500, reference = "dep" };
            var payout = new { cpf, amount = 7_000, reference = "saque" };
            await using (var silo = await SiloProcess.StartAsync(setup.Database.ConnectionString, setup.DataDirectory, settings, CrashLoad.Configuration))
            {
                using var http = CrashLoad.Client(silo, apiKey);
                await sandbox.PspFailNextAsync(1, status: 504, afterExecuting: true, delayMs: 60_000);
                var charging = PostAsync(http, "/payments/cash-in", deposit, "crash-in");
                await Eventually.HoldsAsync(() => sandbox.ChargesOfAsync(psp.Chave), charges => charges == "ATIVA:2500", "the PSP created the charge", TimeSpan.FromSeconds(30));
                await sandbox.PayoutFailNextAsync(1, status: 504, afterExecuting: true, delayMs: 60_000);
                var paying = PostAsync(http, "/payments/cash-out", payout, "crash-out");
                await Eventually.HoldsAsync(() => sandbox.PayoutsOfAsync(psp.Chave), payouts => payouts == "REALIZADO:7000", "the PSP sent the PIX", TimeSpan.FromSeconds(30));

                await silo.KillAsync();
                Assert.Null(await charging); // no answer ever came
                Assert.Null(await paying);
            }

            await using (var restarted = await SiloProcess.StartAsync(setup.Database.ConnectionString, setup.DataDirectory, settings, CrashLoad.Configuration))
            {
                using var http = CrashLoad.Client(restarted, apiKey);
                var charged = await PostAsync(http, "/payments/cash-in", deposit, "crash-in");
                var paid = await PostAsync(http, "/payments/cash-out", payout, "crash-out");
                var paidAgain = await PostAsync(http, "/payments/cash-out", payout, "crash-out");

                Assert.Equal("pending", charged?.GetProperty("status").GetString());
                Assert.Equal("completed", paid?.GetProperty("status").GetString());
                Assert.Equal(paid?.GetRawText(), paidAgain?.GetRawText());
            }

            Assert.Equal("ATIVA:2500", await sandbox.ChargesOfAsync(psp.Chave));
            Assert.Equal("REALIZADO:7000", await sandbox.PayoutsOfAsync(psp.Chave));
            Assert.Equal("player_withdrawals:7000:0,psp_transactional:0:7000", await setup.Database.ScalarAsync<string>(
                $"select string_agg(account || ':' || debit || ':' || credit, ',' order by account) from ledger_entries where oprid = '{oprid}'"));
        }
        finally
        {
            await setup.DisposeAsync();
        }
    }

    /// <summary>The 201's body, or null when no answer came (the silo died with the request in flight).</summary>
    private static async Task<System.Text.Json.JsonElement?> PostAsync(HttpClient http, string path, object body, string idempotencyKey)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            using var response = await http.SendAsync(request);
            return await Expect.JsonAsync(response, 201);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
