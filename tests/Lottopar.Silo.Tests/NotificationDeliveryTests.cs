using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// Notifications in deliver mode: e-mail over SMTP (to a real SMTP peer on loopback), SMS through
/// the webhook (to a real HTTP endpoint), retried on failure, bodies erased once sent.
/// </summary>
public sealed partial class NotificationDeliveryTests(NotificationDeliveryTests.DeliveryFixture fixture) : IClassFixture<NotificationDeliveryTests.DeliveryFixture>
{
    private readonly PlatformHost _silo = fixture.Silo;
    private readonly HttpClient _admin = fixture.Admin;

    [Fact]
    public async Task InvitationIsEmailedOverSmtpAndItsBodyErasedOnceSent()
    {
        var email = $"convidado.{Guid.NewGuid():N}@lottopar.example.com.br";

        await Expect.StatusAsync(await _admin.PostAsJsonAsync("/admin/staff", new { email, fullName = "Convidado", roles = new[] { "auditor" } }), 201);

        var message = await Eventually.HoldsAsync(() => Task.FromResult(fixture.Smtp.Messages.FirstOrDefault(m => m.To == email)), m => m.Data is not null, "the invitation reaches the SMTP server");
        var code = EightDigits().Match(DecodeBody(message.Data)).Value;
        Assert.Matches("^[0-9]{8}$", code);
        await Eventually.HoldsAsync(
            () => _silo.Database.ScalarAsync<string>($"select status || ':' || coalesce(body, '') from notification_outbox where recipient = '{email}'"),
            s => s == "sent:", "the outbox row is sent and its code erased");
        await Expect.StatusAsync(await _silo.CreateClient().PostAsJsonAsync("/auth/invitations/accept", new { email, code, password = "a perfectly long passphrase" }), 200);
    }

    [Fact]
    public async Task SmsGoesThroughTheWebhookAndAFailedSendIsRetried()
    {
        var email = $"sms.{Guid.NewGuid():N}@lottopar.example.com.br";
        var mobile = $"+55419{Random.Shared.Next(10_000_000, 99_999_999)}";
        await Expect.StatusAsync(await _admin.PostAsJsonAsync("/admin/staff", new { email, fullName = "Por SMS", mobile, roles = new[] { "auditor" } }), 201);
        var invitation = await Eventually.HoldsAsync(() => Task.FromResult(fixture.Smtp.Messages.FirstOrDefault(m => m.To == email)), m => m.Data is not null, "the invitation arrives");
        var code = EightDigits().Match(DecodeBody(invitation.Data)).Value;
        var enrollment = await Expect.JsonAsync(await _silo.CreateClient().PostAsJsonAsync("/auth/invitations/accept", new { email, code, password = "a perfectly long passphrase" }));
        fixture.FailNextSms = true;

        await Expect.StatusAsync(await _silo.CreateClient().PostAsJsonAsync("/auth/password-reset", new { email, channel = "sms" }), 202);

        await Eventually.HoldsAsync(
            () => _silo.Database.ScalarAsync<string>($"select status || ':' || attempts from notification_outbox where recipient = '{mobile}'"),
            s => s == "pending:1", "the first send failed and waits to be retried");
        _silo.Clock.Advance(TimeSpan.FromMinutes(1));
        var sms = await Eventually.HoldsAsync(() => Task.FromResult(fixture.SmsReceived.FirstOrDefault(m => m.To == mobile)), m => m.Text is not null, "the retry reaches the gateway");
        Assert.Matches("[0-9]{8}", sms.Text);
        Assert.Equal("Bearer gateway-token", sms.Authorization);
        Assert.NotNull(enrollment.GetProperty("secretBase32").GetString());
    }

    [Fact]
    public async Task TheDevelopmentOutboxDoesNotExistWhenDelivering() =>
        await Expect.StatusAsync(await _silo.CreateClient().GetAsync("/dev/outbox"), 404);

    private static string DecodeBody(string data)
    {
        // System.Net.Mail sends non-ASCII bodies as base64 or quoted-printable.
        var body = data[(data.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Trim();
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "")));
        }
        catch (FormatException)
        {
            return body.Replace("=\r\n", "");
        }
    }

    [GeneratedRegex("[0-9]{8}")]
    private static partial Regex EightDigits();

    /// <summary>The silo in deliver mode, with an SMTP sink and an SMS gateway endpoint on loopback.</summary>
    public sealed class DeliveryFixture : PlatformFixture, IAsyncLifetime
    {
        private WebApplication? _gateway;

        public SmtpSink Smtp { get; } = new();

        public ConcurrentQueue<(string To, string Text, string Authorization)> SmsReceived { get; } = new();

        public bool FailNextSms { get; set; }

        private string GatewayUrl { get; set; } = "";

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Lottopar:Notifications:Mode"] = "Deliver",
            ["Lottopar:Notifications:PollInterval"] = "00:00:00.100",
            ["Lottopar:Notifications:Smtp:Host"] = "127.0.0.1",
            ["Lottopar:Notifications:Smtp:Port"] = Smtp.Port.ToString(),
            ["Lottopar:Notifications:Smtp:EnableSsl"] = "false",
            ["Lottopar:Notifications:Sms:Url"] = GatewayUrl,
            ["Lottopar:Notifications:Sms:BearerToken"] = "gateway-token",
            ["Lottopar:SessionLifetime"] = "3650.00:00:00",
        };

        async Task IAsyncLifetime.InitializeAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _gateway = builder.Build();
            _gateway.MapPost("/sms", async (HttpRequest request) =>
            {
                if (FailNextSms)
                {
                    FailNextSms = false;
                    return Results.StatusCode(500);
                }

                var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
                SmsReceived.Enqueue((body.GetProperty("to").GetString()!, body.GetProperty("text").GetString()!, request.Headers.Authorization.ToString()));
                return Results.Ok();
            });
            await _gateway.StartAsync();
            GatewayUrl = _gateway.Urls.First() + "/sms";
            await InitializeAsync();
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            await Smtp.DisposeAsync();
            await _gateway!.DisposeAsync();
        }
    }
}
