using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Common;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>Rule 2: a player's stakes at all operators over LOTTOPAR's limit for a day or for seven days.</summary>
public sealed class PlayerStakeLimitRule : PlayerBetRule
{
    public const string DailyLimit = "daily_limit";
    public const string WeeklyLimit = "weekly_limit";

    public override string Id => "player_stake_limit";

    public override string Title => "Limite de apostas do jogador excedido";

    public override string Description =>
        "A soma das apostas (total_stake dos new_bet) de um jogador em todos os operadores passa o limite do dia (calendário de Brasília) ou dos sete dias que terminam no dia do evento.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        Parameter(DailyLimit, "centavos", 5_000_000, 100, 1_000_000_000_000, "Soma das apostas do jogador num dia, em todos os operadores."),
        Parameter(WeeklyLimit, "centavos", 20_000_000, 100, 1_000_000_000_000, "Soma das apostas do jogador em sete dias, em todos os operadores."),
    ];

    public override RuleHit? Evaluate(BetObservation bet, PlayerWindows windows, RuleSetting setting)
    {
        if (bet.Event != "new_bet")
        {
            return null;
        }

        var day = BrasiliaTime.Today(bet.EventDate);
        var daily = windows.StakesOn(day);
        var weekly = windows.StakesInWeekEnding(day);
        var summary = daily > setting[DailyLimit]
            ? $"Apostas de {Evidence.Money(daily)} em {Evidence.Day(day)}, acima do limite diário de {Evidence.Money(setting[DailyLimit])}"
            : weekly > setting[WeeklyLimit]
                ? $"Apostas de {Evidence.Money(weekly)} nos sete dias até {Evidence.Day(day)}, acima do limite de {Evidence.Money(setting[WeeklyLimit])}"
                : null;
        return summary is null ? null : new RuleHit(summary, [Evidence.Of(bet, $"new_bet {bet.BetSlipId}, {Evidence.Money(bet.TotalStake)} em {bet.Oprid}")], AcrossOperators: true);
    }
}
