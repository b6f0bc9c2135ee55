using Lottopar.Silo.Notifications;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Apis;

/// <summary>
/// Development only (notifications in outbox mode, never in production): the messages the
/// platform would have sent, so invitation and reset codes can be read without a mail server.
/// The codes in them open accounts, so only a LOTTOPAR admin may read them.
/// </summary>
public static class DevOutboxApi
{
    public static IEndpointRouteBuilder MapDevOutboxApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dev/outbox", Latest).WithTags("Development").WithName("DevOutbox")
            .RequireAuthorization(Policies.LottoparAdmin)
            .WithSummary("The newest messages in the notification outbox (development deployments only; LOTTOPAR admins).");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<OutboxMessage>>> Latest(int? limit, NotificationOutbox outbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(await outbox.LatestAsync(Math.Clamp(limit ?? 20, 1, 200), cancellationToken));
}
