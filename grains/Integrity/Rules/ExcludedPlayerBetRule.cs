using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>Rule 1: a player self-excluded at the time of the bet bets (the betting event was flagged so).</summary>
public sealed class ExcludedPlayerBetRule : PlayerBetRule
{
    public override string Id => "excluded_player_bet";

    public override string Title => "Aposta de jogador autoexcluído";

    public override string Description =>
        "Um new_bet de jogador que estava autoexcluído na data do evento, segundo os arquivos do cofre do operador (marca self_excluded_player).";

    public override RuleSeverity DefaultSeverity => RuleSeverity.High;

    public override RuleHit? Evaluate(BetObservation bet, PlayerWindows windows, RuleSetting setting) =>
        bet.Flags.Contains(BettingFlags.SelfExcludedPlayer)
            ? new RuleHit($"Aposta {bet.BetSlipId} de jogador autoexcluído", [Evidence.Of(bet, $"new_bet {bet.BetSlipId}, {Evidence.Money(bet.TotalStake)}")])
            : null;
}
