using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Lottery;

public sealed class LotteryCatalogState : IHasOutbox
{
    /// <summary>Null until LOTTOPAR replaces the document's catalog.</summary>
    public LotteryCatalog? Catalog { get; set; }

    public QuotaTable? DefaultQuota { get; set; }

    public Dictionary<string, QuotaTable> DrawQuotas { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>The platform's lottery settings (key "default"); every change is audited. On Orleans (issue 16).</summary>
[GrainType("lottery_catalog")]
public sealed class LotteryCatalogGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<LotteryCatalogState> state,
    TimeProvider clock) : OrleansAuditedGrain<LotteryCatalogState>(state, clock), ILotteryCatalogGrain
{
    public const string Key = "default";

    /// <summary>
    /// Quotas until LOTTOPAR sets its own: per number, R$ 100.00 on a triple, R$ 1,000.00 on a
    /// terminal, R$ 10.00 on a zodiac triple and R$ 100.00 on a zodiac terminal (a zodiac number is
    /// one of twelve times as many, so each sells less).
    /// </summary>
    public static readonly QuotaTable DefaultQuota = new(Triple: 10_000, Terminal: 100_000, TripleZodiac: 1_000, TerminalZodiac: 10_000);

    protected override string AuditTargetType => "lottery_catalog";

    public Task<LotterySettings> GetAsync() => Task.FromResult(Settings());

    public async Task<LotterySettings> ReplaceCatalogAsync(LotteryCatalog catalog, Actor actor)
    {
        var errors = new ValidationErrors();
        foreach (var error in LotteryCatalogRules.Validate(catalog))
        {
            errors.Add(error.Field, error.Message);
        }

        errors.ThrowIfAny();
        var before = Settings().Catalog;
        State.Catalog = catalog;

        // A quota for a draw the new catalog no longer has would be a silent leftover.
        foreach (var code in State.DrawQuotas.Keys.Where(code => catalog.FindDraw(code) is null).ToList())
        {
            State.DrawQuotas.Remove(code);
        }

        await SaveAuditedAsync(actor, "lottery.catalog_replaced", Key, before, catalog);
        return Settings();
    }

    public async Task<LotterySettings> ChangeDrawQuotaAsync(string drawCode, QuotaChange change, Actor actor)
    {
        var before = RequireDraw(drawCode);
        var quota = LotteryCatalogRules.ApplyQuotaChange(before, change);
        State.DrawQuotas[drawCode] = quota;
        await SaveAuditedAsync(actor, "lottery.draw_quota_set", drawCode, before, quota);
        return Settings();
    }

    public async Task<LotterySettings> ResetDrawQuotaAsync(string drawCode, Actor actor)
    {
        var before = RequireDraw(drawCode);
        State.DrawQuotas.Remove(drawCode);
        await SaveAuditedAsync(actor, "lottery.draw_quota_set", drawCode, before, Settings().QuotaOf(drawCode));
        return Settings();
    }

    /// <summary>The draw's current quota, or <see cref="DomainNotFoundException"/> when the catalog has no such draw.</summary>
    private QuotaTable RequireDraw(string drawCode)
    {
        var settings = Settings();
        return settings.Catalog.FindDraw(drawCode) is null
            ? throw new DomainNotFoundException($"The catalog has no draw {drawCode}.")
            : settings.QuotaOf(drawCode);
    }

    private LotterySettings Settings() =>
        new(State.Catalog ?? DefaultLotteryCatalog.Catalog, State.DefaultQuota ?? DefaultQuota, new Dictionary<string, QuotaTable>(State.DrawQuotas));
}
