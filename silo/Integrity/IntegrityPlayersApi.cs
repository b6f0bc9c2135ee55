using System.Security.Claims;
using System.Text.Json;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Common;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Validation;
using Lottopar.Providers.Abstractions;
using Lottopar.Silo.Betting;
using Lottopar.Silo.CpfChecks;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Integrity;

/// <summary>
/// A player as the grains hold it, for LOTTOPAR's integrity analysts: per operator the balances,
/// limits and exclusions (the player grain), the score and blocks (the player's watch), the latest
/// events and the alerts not closed. The CPF is in the body, never in a URL; the read is audited
/// (the CPF masked) before it is answered, and this page is the one that shows the CPF in full.
/// </summary>
public static class IntegrityPlayersApi
{
    public const int LatestEvents = 20;

    public static IEndpointRouteBuilder MapIntegrityPlayersApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/integrity/players/lookup", InspectAsync).WithTags("Admin: integrity").RequireAuthorization(Policies.LottoparStaff)
            .WithName("InspectIntegrityPlayer").WithSummary("A player's state as the grains hold it: {cpf}. Every read is audited.");
        return app;
    }

    public static async Task<Ok<IntegrityPlayerView>> InspectAsync(
        CpfBody request, ClaimsPrincipal user, Orleans.IGrainFactory grains, PersonalGrainKeys keys, BettingEventStore events,
        IntegrityAlertStore alerts, IStreamEventLog log, TimeProvider clock, CancellationToken cancellationToken)
    {
        var cpf = request.Normalized();
        var entry = AuditTrail.Entry(clock, user.ToActor(), "integrity_player.inspected", "player", Cpf.Mask(cpf), before: null, after: null);
        await AuditTrail.RecordAsync(log, "integrity_inspector", entry);

        var key = keys.Player(cpf);
        var player = await grains.Keyed<IPlayerGrain>(key).InspectAsync(cpf);
        var rules = await grains.Keyed<IIntegrityRulebookGrain>(IntegrityRulebookGrain.DefaultKey).GetSnapshotAsync();
        var watch = await grains.Keyed<IPlayerWatchGrain>(key).InspectAsync(rules);
        var latest = await events.LatestPlayerEventsAsync(cpf, LatestEvents, cancellationToken);
        return TypedResults.Ok(new IntegrityPlayerView(
            cpf,
            player is null ? null : JsonDocument.Parse(player).RootElement,
            watch,
            [.. latest.Select(e => new LatestEvent(e.EventId, e.Oprid, IntegrityObservations.Of(e).Event, e.Event.EventDate, e.Event.BetSlipId, e.Event.TotalStake, e.Flags))],
            await alerts.OpenAboutAsync(key, cancellationToken)));
    }
}

/// <summary>A player for the integrity analyst: the player grain's state (null when no operator reported the player), the watch, the latest events, the alerts not closed.</summary>
public sealed record IntegrityPlayerView(string Cpf, JsonElement? Player, PlayerWatchView Watch, IReadOnlyList<LatestEvent> LatestEvents, IReadOnlyList<AlertView> OpenAlerts);

public sealed record LatestEvent(Guid EventId, string Oprid, string Event, DateTimeOffset EventDate, string BetSlipId, long TotalStake, IReadOnlyList<string> Flags);
