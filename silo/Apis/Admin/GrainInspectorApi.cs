using System.Security.Claims;
using System.Text.Json;
using Lottopar.GrainInterfaces.Audit;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Grains.Common;
using Lottopar.Grains.Validation;
using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Silo.Security;

namespace Lottopar.Silo.Apis.Admin;

/// <summary>
/// The grain-state inspector: the state of one grain as JSON, for LOTTOPAR staff (the Orleans
/// dashboard's GrainState view, which activates any grain and calls it unaudited, is closed).
/// Every read is audited before it is answered. Most grains are read from their stored row,
/// without activation; a player, whose row is only a periodic snapshot, is asked for its whole
/// state by a read-only call. Players are looked up by CPF. Grains whose state holds secrets (staff accounts, sessions, API
/// and vault credentials) are not inspectable.
/// </summary>
public static class GrainInspectorApi
{
    /// <summary>The grain types whose state may be shown, with what their key is.</summary>
    public static readonly IReadOnlyDictionary<string, string> InspectableTypes = new Dictionary<string, string>
    {
        ["player"] = "the player's CPF",
        ["bet_slip"] = "{oprid}/{bet_slip_id}",
        ["betting_idempotency"] = "{oprid}/{Idempotency-Key}",
        ["operator"] = "the OPRID",
        ["lottery_provider"] = "the OPRID",
        ["lottery_catalog"] = "the catalog key",
        ["lottery_draw"] = "the draw's key",
        ["lottery_turn"] = "{lottery}/{turn}/{date}",
        ["lottery_transaction_check"] = "the providercod",
    };

    public static IEndpointRouteBuilder MapGrainInspectorApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/grains").WithTags("Admin: grain state").RequireAuthorization(Policies.LottoparStaff);
        group.MapGet("/", () => TypedResults.Ok(InspectableTypes)).WithName("ListInspectableGrainTypes")
            .WithSummary("The grain types whose state can be inspected, and what each one's key is.");
        group.MapGet("/{type}/{**key}", InspectAsync).WithName("InspectGrainState")
            .WithSummary("The stored state of one grain as JSON (players by CPF), without activating it. Every read is audited.");
        return app;
    }

    public static async Task<IResult> InspectAsync(
        string type, string key, ClaimsPrincipal user, GrainStateRows rows, Orleans.IGrainFactory grains, PersonalGrainKeys keys, IStateStore store,
        IGrainSerializer serializer, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!InspectableTypes.ContainsKey(type))
        {
            throw new DomainNotFoundException(
                $"Grain type '{type}' is not inspectable; these are: {string.Join(", ", InspectableTypes.Keys)}.");
        }

        var (storedKey, shownKey, cpf) = KeysOf(type, key, keys);
        var entry = AuditTrail.Entry(clock, user.ToActor(), "grain.state_inspected", "grain", $"{type}/{shownKey}", before: null, after: null);
        var stream = AuditTrail.StreamFor(entry.TargetType, entry.TargetId);
        await store.AppendEventsAsync(
            [new OutboundStreamEvent(stream, StreamPartitioner.PartitionOf(stream), nameof(AuditEntry), serializer.Serialize(entry, typeof(AuditEntry)),
                entry.At, new StoredGrainId("grain_inspector", entry.Actor.Id))],
            cancellationToken);

        var row = await rows.ReadAsync(type, storedKey, cancellationToken);
        if (type == "player")
        {
            // Event-sourced: the row is a snapshot every so many events; the grain replays the rest.
            var state = await grains.Keyed<IPlayerGrain>(storedKey).InspectAsync(cpf!)
                ?? throw new DomainNotFoundException($"No state for {type}/{shownKey}: no operator reported this player.");
            return Results.Json(new InspectedGrain(type, shownKey, row?.Version, row?.UpdatedAt, JsonDocument.Parse(state).RootElement));
        }

        if (row is null)
        {
            throw new DomainNotFoundException($"No stored state for {type}/{shownKey}.");
        }

        return Results.Json(new InspectedGrain(
            type, shownKey, row.Version, row.UpdatedAt, row.Json is null ? null : JsonDocument.Parse(row.Json).RootElement));
    }

    /// <summary>The key the state is stored under, the key as the answer and the audit log show it, and a player's CPF.</summary>
    private static (string Stored, string Shown, string? Cpf) KeysOf(string type, string key, PersonalGrainKeys keys)
    {
        if (type != "player")
        {
            return (key, key, null);
        }

        if (!Cpf.TryNormalize(key, out var cpf))
        {
            throw DomainValidationException.For("key", "A player is looked up by a valid CPF.");
        }

        return (keys.Player(cpf), Cpf.Mask(cpf), cpf);
    }
}

/// <param name="Version">The stored row's version; for a player, of its last snapshot (null before the first).</param>
/// <param name="State">The state as JSON; null when the grain cleared it.</param>
public sealed record InspectedGrain(string Type, string Key, long? Version, DateTimeOffset? UpdatedAt, JsonElement? State);
