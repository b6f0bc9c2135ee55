using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Lottery;

public sealed class LotteryDrawState : IHasOutbox
{
    public DrawResult? Pending { get; set; }

    public string? EnteredBy { get; set; }

    public DateTimeOffset? EnteredAt { get; set; }

    public DrawResult? Published { get; set; }

    public string? ConfirmedBy { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>
/// A draw's official result under the two-person rule: one staff member enters it, a different
/// one confirms it by entering the same result, and only then is it published (to results queries
/// and prize registration). A published result is final; every step is audited. On Orleans (issue 16).
/// </summary>
[GrainType("lottery_draw")]
public sealed class LotteryDrawGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<LotteryDrawState> state,
    TimeProvider clock) : OrleansAuditedGrain<LotteryDrawState>(state, clock), ILotteryDrawGrain
{
    protected override string AuditTargetType => "lottery_draw";

    public Task<DrawResultView> GetAsync() => Task.FromResult(View());

    public async Task<DrawResultView> EnterResultAsync(DrawResult result, Actor staff)
    {
        var draw = await RequireClosedDrawAsync(result);
        if (State.Published is not null)
        {
            throw new DomainConflictException("result", $"Draw {draw.Code} of {Day:yyyy-MM-dd} already has a published result; it is final.");
        }

        var before = View();
        State.Pending = result;
        State.EnteredBy = staff.Id;
        State.EnteredAt = Clock.GetUtcNow();
        await SaveAuditedAsync(staff, "lottery.result_entered", this.GetPrimaryKeyString(), before, View());
        return View();
    }

    public async Task<DrawResultView> ConfirmResultAsync(DrawResult result, Actor staff)
    {
        var draw = await RequireClosedDrawAsync(result);
        if (State.Published is not null)
        {
            throw new DomainConflictException("result", $"Draw {draw.Code} of {Day:yyyy-MM-dd} already has a published result; it is final.");
        }

        if (State.Pending is null)
        {
            throw new DomainConflictException("result", "No result has been entered for this draw yet.");
        }

        if (State.EnteredBy == staff.Id)
        {
            throw new DomainConflictException("result", "The result must be confirmed by a different staff member than the one who entered it.");
        }

        if (State.Pending != result)
        {
            throw new DomainConflictException("result", "The confirmation does not match the entered result; nothing was published.");
        }

        var before = View();
        State.Published = result;
        State.ConfirmedBy = staff.Id;
        State.PublishedAt = Clock.GetUtcNow();
        await SaveAuditedAsync(staff, "lottery.result_published", this.GetPrimaryKeyString(), before, View());
        return View();
    }

    private string DrawCode => DrawDayKey.Parse(this.GetPrimaryKeyString()).DrawCode;

    private DateOnly Day => DrawDayKey.Parse(this.GetPrimaryKeyString()).Day;

    /// <summary>The draw exists, the result fits it, and its sales are closed (a result before closing would let a POS sell a known winner).</summary>
    private async Task<DrawDefinition> RequireClosedDrawAsync(DrawResult result)
    {
        var settings = await GrainFactory.Keyed<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync();
        var draw = settings.Catalog.FindDraw(DrawCode) ?? throw new DomainNotFoundException($"The catalog has no draw {DrawCode}.");
        var errors = new ValidationErrors();
        foreach (var error in DrawResultRules.Validate(draw, result))
        {
            errors.Add(error.Field, error.Message);
        }

        errors.ThrowIfAny();
        if (Clock.GetUtcNow() < LotteryCalendar.ClosingInstant(draw, Day))
        {
            throw new DomainConflictException("result", $"Draw {draw.Code} of {Day:yyyy-MM-dd} is still selling; enter its result after {draw.ClosingTime:HH\\:mm} (America/Sao_Paulo).");
        }

        return draw;
    }

    private DrawResultView View() =>
        new(DrawCode, Day, State.Pending, State.EnteredBy, State.EnteredAt, State.Published, State.ConfirmedBy, State.PublishedAt);
}
