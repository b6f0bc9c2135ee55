using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// Back-office accounts: invitation by e-mail, password and authenticator enrolment, sign-in with
/// TOTP, lockout, password reset by e-mail or SMS, disabling, second-factor reset. Codes are read
/// from the development outbox, as a developer would.
/// </summary>
public sealed partial class StaffAccountTests(StaffAccountTests.LongSessionFixture fixture) : IClassFixture<StaffAccountTests.LongSessionFixture>
{
    private const string Password = "a perfectly long passphrase";
    private readonly PlatformHost _silo = fixture.Silo;
    private readonly HttpClient _admin = fixture.Admin;

    private static string NewEmail() => $"pessoa.{Guid.NewGuid():N}@lottopar.example.com.br";

    [Fact]
    public async Task InvitedPersonChoosesAPasswordEnrolsAnAuthenticatorAndSignsIn()
    {
        var email = NewEmail();
        await Expect.StatusAsync(await _admin.PostAsJsonAsync("/admin/staff", new { email = email.ToUpperInvariant(), fullName = "Ana Lima", roles = new[] { "integrity-analyst" } }), 201);

        var invitation = await LatestCodeAsync(email, "email");
        var enrollment = await Expect.JsonAsync(await Anonymous().PostAsJsonAsync("/auth/invitations/accept", new { email, code = invitation, password = Password }));
        var secret = enrollment.GetProperty("secretBase32").GetString()!;
        Assert.StartsWith("otpauth://totp/LOTTOPAR%20homologation:", enrollment.GetProperty("otpAuthUri").GetString());
        await Expect.ProblemAsync(await LoginAsync(email, Password, _silo.TotpNow(secret)), HttpStatusCode.Forbidden, "not_active");
        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync("/auth/totp/confirm", new { email, password = Password, totpCode = _silo.TotpNow(secret) }), 200);

        var me = await Expect.JsonAsync(await (await _silo.SignInAsync(email, Password, secret)).GetAsync("/auth/me"));
        Assert.Equal(email, me.GetProperty("id").GetString());
        Assert.Equal(["integrity-analyst"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task OnlyALottoparAdminReadsTheDevelopmentOutbox()
    {
        var (auditor, secret) = await ActiveAccountAsync("auditor");

        await Expect.ProblemAsync(await Anonymous().GetAsync("/dev/outbox"), HttpStatusCode.Unauthorized, "not_signed_in");
        await Expect.ProblemAsync(await (await _silo.SignInAsync(auditor, Password, secret)).GetAsync("/dev/outbox"), HttpStatusCode.Forbidden, "forbidden");
        await Expect.StatusAsync(await _admin.GetAsync("/dev/outbox"), 200);
    }

    [Fact]
    public async Task AnAuthenticatorCodeIsAcceptedOnlyOnce()
    {
        var (email, secret) = await ActiveAccountAsync();
        var code = _silo.TotpNow(secret);

        await Expect.StatusAsync(await LoginAsync(email, Password, code), 200);
        await Expect.ProblemAsync(await LoginAsync(email, Password, code), HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task RepeatedFailuresFromOneAddressMakeItWaitLongerEachTimeWhileTheOwnerElsewhereSignsIn()
    {
        var (email, secret) = await ActiveAccountAsync();
        const string attacker = "198.51.100.7";
        const string owner = "203.0.113.20";
        var code = _silo.TotpNow(secret); // the clock stands still while the attacker tries
        for (var i = 0; i < 5; i++)
        {
            await Expect.ProblemAsync(await LoginAsync(email, "wrong password!!", code, attacker), HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var waiting = await LoginAsync(email, Password, code, attacker);
        await Expect.ProblemAsync(waiting, HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.Equal(TimeSpan.FromSeconds(30), waiting.Headers.RetryAfter!.Delta);

        await Expect.StatusAsync(await LoginAsync(email, Password, _silo.TotpNow(secret), owner), 200);

        // TotpNow moved the clock 30 s: the first wait is over; one more failure waits twice as long.
        await Expect.ProblemAsync(await LoginAsync(email, "wrong password!!", code, attacker), HttpStatusCode.Unauthorized, "invalid_credentials");
        var longer = await LoginAsync(email, Password, code, attacker);
        await Expect.ProblemAsync(longer, HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.Equal(TimeSpan.FromSeconds(60), longer.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task AnUnknownAccountAndAWrongPasswordGetTheSameAnswerAndTheSameWaits()
    {
        var (email, secret) = await ActiveAccountAsync();
        var unknown = NewEmail();
        const string address = "198.51.100.8";
        var code = _silo.TotpNow(secret);

        var answers = new List<(HttpResponseMessage Known, HttpResponseMessage Unknown)>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await LoginAsync(email, "wrong password!!", code, address), await LoginAsync(unknown, "wrong password!!", code, address)));
        }

        foreach (var (known, other) in answers)
        {
            Assert.Equal(known.StatusCode, other.StatusCode);
            var (a, b) = (await Expect.JsonAsync(known, (int)known.StatusCode), await Expect.JsonAsync(other, (int)other.StatusCode));
            Assert.Equal((a.GetProperty("code").GetString(), a.GetProperty("detail").GetString()), (b.GetProperty("code").GetString(), b.GetProperty("detail").GetString()));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, answers[0].Known.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1].Known.StatusCode);
    }

    [Fact]
    public async Task AnAccountGetsAFewResetMessagesAnHourHoweverOftenTheyAreAskedFor()
    {
        var (email, _) = await ActiveAccountAsync();

        for (var i = 0; i < 6; i++)
        {
            await Expect.StatusAsync(await Anonymous().PostAsJsonAsync("/auth/password-reset", new { email, channel = "email" }), 202);
        }

        Assert.Equal(3, (await Outbox()).Count(m => m.GetProperty("recipient").GetString() == email && m.GetProperty("subject").GetString()!.Contains("senha", StringComparison.Ordinal)));
        _silo.Clock.Advance(TimeSpan.FromMinutes(61));
        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync("/auth/password-reset", new { email, channel = "email" }), 202);
        Assert.Equal(4, (await Outbox()).Count(m => m.GetProperty("recipient").GetString() == email && m.GetProperty("subject").GetString()!.Contains("senha", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("email")]
    [InlineData("sms")]
    public async Task PasswordIsResetWithACodeSentByEmailOrSms(string channel)
    {
        var (email, secret) = await ActiveAccountAsync(mobile: "(41) 98765-4321");
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync(email, "wrong password!!", _silo.TotpNow(secret));
        }

        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync("/auth/password-reset", new { email, channel }), 202);
        var code = await LatestCodeAsync(channel == "email" ? email : "+5541987654321", channel);
        const string newPassword = "another perfectly long passphrase";
        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync("/auth/password-reset/confirm", new { email, code, newPassword }), 204);

        await Expect.ProblemAsync(await LoginAsync(email, Password, _silo.TotpNow(secret)), HttpStatusCode.Unauthorized, "invalid_credentials");
        await Expect.StatusAsync(await LoginAsync(email, newPassword, _silo.TotpNow(secret)), 200);
        await Expect.ProblemAsync(await Anonymous().PostAsJsonAsync("/auth/password-reset/confirm", new { email, code, newPassword = "yet another long passphrase" }),
            (HttpStatusCode)422, "validation_failed");
    }

    [Fact]
    public async Task ResetOfAnUnknownAccountLooksTheSameAndSendsNothing()
    {
        var before = (await Outbox()).Count;

        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync("/auth/password-reset", new { email = NewEmail(), channel = "email" }), 202);

        Assert.Equal(before, (await Outbox()).Count);
        await Expect.ProblemAsync(await LoginAsync(NewEmail(), Password, "123456"), HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task WeakPasswordIsRefusedNamingTheField()
    {
        var email = NewEmail();
        await Expect.StatusAsync(await _admin.PostAsJsonAsync("/admin/staff", new { email, fullName = "Curta Senha", roles = new[] { "auditor" } }), 201);

        var response = await Anonymous().PostAsJsonAsync("/auth/invitations/accept", new { email, code = await LatestCodeAsync(email, "email"), password = "short" });

        var problem = await Expect.ProblemAsync(response, (HttpStatusCode)422, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task DisablingAnAccountEndsItsSessionsAtTheirNextRequest()
    {
        var (email, secret) = await ActiveAccountAsync();
        var session = await _silo.SignInAsync(email, Password, secret);
        await Expect.StatusAsync(await session.GetAsync("/admin/operators"), 200);

        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/staff/{email}/disable", new { reason = "Left LOTTOPAR" }), 200);

        await Expect.ProblemAsync(await session.GetAsync("/admin/operators"), HttpStatusCode.Unauthorized, "not_signed_in");
        await Expect.ProblemAsync(await LoginAsync(email, Password, _silo.TotpNow(secret)), HttpStatusCode.Forbidden, "not_active");
    }

    [Fact]
    public async Task SecondFactorResetVoidsTheOldAuthenticatorAndSendsANewInvitation()
    {
        var (email, secret) = await ActiveAccountAsync();

        await Expect.StatusAsync(await _admin.PostAsync($"/admin/staff/{email}/reset-second-factor", null), 200);

        await Expect.ProblemAsync(await LoginAsync(email, Password, _silo.TotpNow(secret)), HttpStatusCode.Unauthorized, "invalid_credentials");
        var enrollment = await Expect.JsonAsync(await Anonymous().PostAsJsonAsync("/auth/invitations/accept",
            new { email, code = await LatestCodeAsync(email, "email"), password = Password }));
        Assert.NotEqual(secret, enrollment.GetProperty("secretBase32").GetString());
    }

    [Fact]
    public async Task LoggingOutEndsTheSession()
    {
        var (email, secret) = await ActiveAccountAsync();
        var session = await _silo.SignInAsync(email, Password, secret);

        await Expect.StatusAsync(await session.PostAsync("/auth/logout", null), 204);

        await Expect.ProblemAsync(await session.GetAsync("/auth/me"), HttpStatusCode.Unauthorized, "not_signed_in");
    }

    [Fact]
    public async Task AuditorsReadButDoNotChange()
    {
        var (email, secret) = await ActiveAccountAsync(role: "auditor");
        var auditor = await _silo.SignInAsync(email, Password, secret);

        await Expect.StatusAsync(await auditor.GetAsync("/admin/audit"), 200);
        await Expect.StatusAsync(await auditor.GetAsync("/admin/operators"), 200);
        await Expect.ProblemAsync(await auditor.PostAsJsonAsync("/admin/operators", Registrations.New(), TestJson.Options), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AccountsOfMixedOrUnboundRolesAreRefused()
    {
        var mixed = await _admin.PostAsJsonAsync("/admin/staff", new { email = NewEmail(), fullName = "X", roles = new[] { "auditor", "operator-viewer" }, oprid = "OPR-000001" });
        var unbound = await _admin.PostAsJsonAsync("/admin/staff", new { email = NewEmail(), fullName = "X", roles = new[] { "operator-admin" } });

        Assert.True((await Expect.ProblemAsync(mixed, (HttpStatusCode)422, "validation_failed")).GetProperty("errors").TryGetProperty("roles", out _));
        Assert.True((await Expect.ProblemAsync(unbound, (HttpStatusCode)422, "validation_failed")).GetProperty("errors").TryGetProperty("oprid", out _));
    }

    private async Task<(string Email, string Secret)> ActiveAccountAsync(string role = "lottopar-admin", string? mobile = null)
    {
        var email = NewEmail();
        await Expect.StatusAsync(await _admin.PostAsJsonAsync("/admin/staff", new { email, fullName = "Pessoa Teste", mobile, roles = new[] { role } }), 201);
        var enrollment = await Expect.JsonAsync(await Anonymous().PostAsJsonAsync("/auth/invitations/accept",
            new { email, code = await LatestCodeAsync(email, "email"), password = Password }));
        var secret = enrollment.GetProperty("secretBase32").GetString()!;
        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync("/auth/totp/confirm", new { email, password = Password, totpCode = _silo.TotpNow(secret) }), 200);
        return (email, secret);
    }

    private Task<HttpResponseMessage> LoginAsync(string email, string password, string totpCode, string? from = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/login") { Content = JsonContent.Create(new { email, password, totpCode }) };
        if (from is not null)
        {
            request.Headers.Add(PlatformHost.TestPeerHeader, from);
        }

        return Anonymous().SendAsync(request);
    }

    private HttpClient Anonymous() => _silo.CreateClient();

    private async Task<List<JsonElement>> Outbox() => (await _admin.GetFromJsonAsync<JsonElement>("/dev/outbox?limit=200")).EnumerateArray().ToList();

    private async Task<string> LatestCodeAsync(string recipient, string channel)
    {
        var message = (await Outbox()).First(m => m.GetProperty("recipient").GetString() == recipient && m.GetProperty("channel").GetString() == channel);
        return EightDigits().Match(message.GetProperty("body").GetString()!).Value;
    }

    [GeneratedRegex("[0-9]{8}")]
    private static partial Regex EightDigits();

    public sealed class LongSessionFixture : PlatformFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Lottopar:SessionLifetime"] = "3650.00:00:00" };
    }
}
