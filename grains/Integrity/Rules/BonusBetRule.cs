using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>
/// Rule 4: federal law forbids bonuses and advances for betting (Lei 14.790, art. 29). Under policy
/// 0 (forbidden) any bet with a bonus or a free bet is flagged; under policy 1 (allowed with limits)
/// a bonus over the limit per bet is.
/// </summary>
public sealed class BonusBetRule : PlayerBetRule
{
    public const string Policy = "policy";
    public const string MaxBonusPerBet = "max_bonus_per_bet";

    public override string Id => "bonus_bet";

    public override string Title => "Aposta com bônus";

    public override string Description =>
        "Um new_bet com bonus_amount > 0 ou is_free_bet. Política 0 (proibido, Lei 14.790 art. 29): toda aposta assim é sinalizada. Política 1 (permitido com limite): só o bônus acima do limite por aposta; is_free_bet conta a aposta inteira como bônus.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        Parameter(Policy, "0 proibido, 1 permitido com limite", 0, 0, 1, "Política de bônus que a LOTTOPAR fixa."),
        Parameter(MaxBonusPerBet, "centavos", 0, 0, 1_000_000_000_000, "Bônus máximo por aposta sob a política 1."),
    ];

    public override RuleHit? Evaluate(BetObservation bet, PlayerWindows windows, RuleSetting setting)
    {
        if (bet.Event != "new_bet" || (bet.BonusAmount == 0 && !bet.IsFreeBet))
        {
            return null;
        }

        var bonus = bet.IsFreeBet ? Math.Max(bet.BonusAmount, bet.TotalStake) : bet.BonusAmount;
        if (setting[Policy] == 1 && bonus <= setting[MaxBonusPerBet])
        {
            return null;
        }

        var what = bet.IsFreeBet ? "aposta grátis" : $"bônus de {Evidence.Money(bet.BonusAmount)}";
        return new RuleHit($"Aposta {bet.BetSlipId} com {what}", [Evidence.Of(bet, $"new_bet {bet.BetSlipId}: {what}, aposta {Evidence.Money(bet.TotalStake)}")]);
    }
}
