namespace Lottopar.Silo.Notifications;

/// <summary>How messages to people leave the platform; bound from "Lottopar:Notifications".</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Lottopar:Notifications";

    /// <summary>Outbox: keep messages for the /dev/outbox page (development only). Deliver: send them.</summary>
    public NotificationMode Mode { get; set; } = NotificationMode.Outbox;

    public SmtpOptions Smtp { get; set; } = new();

    public SmsWebhookOptions Sms { get; set; } = new();

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxAttempts { get; set; } = 8;
}

public enum NotificationMode
{
    Outbox,
    Deliver,
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "nao-responda@lottopar.pr.gov.br";
}

/// <summary>
/// The pluggable SMS sender: the platform POSTs <c>{"to": "+55...", "text": "..."}</c> to this URL
/// (an SMS gateway, or a small adapter in front of one), with an optional bearer token.
/// </summary>
public sealed class SmsWebhookOptions
{
    public string? Url { get; set; }

    public string? BearerToken { get; set; }
}
