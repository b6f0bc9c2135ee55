using Lottopar.GrainInterfaces.Staff;

namespace Lottopar.Grains.Common;

/// <summary>A message for a person: an e-mail or an SMS.</summary>
public sealed record OutgoingNotification(CodeChannel Channel, string Recipient, string Subject, string Body);

/// <summary>
/// Queues messages for delivery. The silo writes them to its notification outbox, from which they
/// are sent by SMTP or the SMS gateway (or, in development, kept for the outbox page).
/// </summary>
public interface INotificationSender
{
    Task SendAsync(OutgoingNotification notification, CancellationToken cancellationToken = default);
}
