using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>Rule 5: balance discontinuities and slip anomalies (the flags on accepted events) aggregated per operator and hour.</summary>
public sealed class FlaggedEventsRule : OperatorBetRule
{
    public const string PerHour = "per_hour";

    public override string Id => "flagged_events";

    public override string Title => "Eventos de aposta sinalizados";

    public override string Description =>
        "Eventos de aposta aceitos com marcas (descontinuidade de saldo, bilhete órfão, duplicado, alterado...) de um operador numa hora (pela event_date) atingem o limite.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        Parameter(PerHour, "eventos", 50, 1, 1_000_000, "Eventos sinalizados numa hora que levantam o alerta; cada um a mais conta nele."),
    ];

    public override RuleHit? Evaluate(BetObservation bet, OperatorWindows windows, RuleSetting setting)
    {
        if (bet.Flags.Count == 0)
        {
            return null;
        }

        var count = windows.FlaggedInHourOf(bet.EventDate);
        return count < setting[PerHour]
            ? null
            : new RuleHit($"{count} eventos sinalizados na hora de {bet.EventDate.ToUniversalTime():yyyy-MM-dd HH}:00 UTC", [Evidence.Of(bet, string.Join(", ", bet.Flags))]);
    }
}
