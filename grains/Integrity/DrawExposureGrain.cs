using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Integrity.Rules;
using Lottopar.Grains.Lottery;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// The integrity module's view of one lottery turn (key: the turn's key): what each number of its
/// draws sold across providers, rebuilt from the ticket store at activation and folded with each
/// ticket the lottery watches hand it (a ticket read at activation and delivered later counts once).
/// It holds no state of its own. Its alerts are about the draw and day, for LOTTOPAR.
/// </summary>
[GrainType("draw_exposure")]
public sealed class DrawExposureGrain(ILotterySales sales, IStreamEventLog shadows, TimeProvider clock) : Grain, IDrawExposureGrain
{
    private readonly DrawExposure _exposure = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (lotteryCode, turn, day) = TurnKey.Parse(this.GetPrimaryKeyString());
        foreach (var ticket in await sales.SoldTicketsAsync(lotteryCode, turn, day, cancellationToken))
        {
            _exposure.Fold(ticket.TicketNumber, ticket.Lines);
        }
    }

    public async Task ObserveAsync(TicketSold ticket, RulebookSnapshot rules, LotterySettings settings)
    {
        _exposure.Fold(ticket.TicketNumber, ticket.Lines);
        var now = clock.GetUtcNow();
        foreach (var draw in ticket.Lines.Select(l => l.DrawCode).Distinct())
        {
            var subject = new AlertSubject(SubjectKind.Draw, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{draw}:{ticket.SaleDate:yyyy-MM-dd}"), null);
            var mine = ticket with { Lines = [.. ticket.Lines.Where(l => l.DrawCode == draw)] };
            await RuleRunner.JudgeAsync<DrawExposureRule>(GrainFactory, shadows, this.GetGrainId(), rules, (rule, setting) => rule.Evaluate(mine, _exposure, settings, setting), subject, now);
        }
    }
}
