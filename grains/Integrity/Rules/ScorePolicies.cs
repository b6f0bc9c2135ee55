using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>
/// A rule that judges no event: the parameters of a policy, versioned and approved like every rule's
/// (the points each finding weighs, the thresholds).
/// </summary>
public abstract class PolicyRule : IntegrityRule
{
    public const string PointsLow = "points_low";
    public const string PointsMedium = "points_medium";
    public const string PointsHigh = "points_high";
    public const string PointsCritical = "points_critical";

    protected static IReadOnlyList<RuleParameterView> SeverityPoints =>
    [
        Parameter(PointsLow, "pontos", 1, 0, 1_000, "Peso de uma constatação de severidade baixa."),
        Parameter(PointsMedium, "pontos", 3, 0, 1_000, "Peso de uma constatação de severidade média."),
        Parameter(PointsHigh, "pontos", 10, 0, 1_000, "Peso de uma constatação de severidade alta."),
        Parameter(PointsCritical, "pontos", 30, 0, 1_000, "Peso de uma constatação de severidade crítica."),
    ];

    public static long PointsOf(RuleSeverity severity, RuleSetting policy) => policy[severity switch
    {
        RuleSeverity.Low => PointsLow,
        RuleSeverity.Medium => PointsMedium,
        RuleSeverity.High => PointsHigh,
        _ => PointsCritical,
    }];
}

/// <summary>
/// The player's score at an operator: the points of the findings about the player there, and about
/// the player across operators, in the window. At <c>review_threshold</c> an analyst gets an alert;
/// at <c>interdiction_threshold</c> the player goes on the operator's blocked list.
/// </summary>
public sealed class PlayerScorePolicy : ScorePolicyRule
{
    public override string Id => "player_score";

    public override string Title => "Pontuação de risco do jogador";

    public override string Description =>
        "Soma dos pesos das constatações sobre o jogador num operador (e sobre o jogador em todos os operadores) na janela. No limite de revisão, um alerta para a LOTTOPAR; no limite de interdição, o jogador entra na lista de bloqueados do operador.";

    public override SubjectKind Subject => SubjectKind.Player;

    public override RuleSeverity DefaultSeverity => RuleSeverity.High;

    public override IReadOnlyList<RuleParameterView> Parameters => ScoreParameters("bloqueia o jogador no operador");
}

/// <summary>
/// A POS terminal's score: the points of the findings about the terminal in the window, from its last
/// interdiction on. At <c>review_threshold</c> an analyst gets an alert; at <c>interdiction_threshold</c>
/// the terminal is deactivated (webSale answers its sales as from an inactive POS) until its operator
/// or LOTTOPAR activates it again.
/// </summary>
public sealed class TerminalScorePolicy : ScorePolicyRule
{
    public override string Id => "terminal_score";

    public override string Title => "Pontuação de risco do terminal";

    public override string Description =>
        "Soma dos pesos das constatações sobre um terminal POS na janela, desde a sua última interdição. No limite de revisão, um alerta para a LOTTOPAR; no limite de interdição, o terminal é desativado (não vende mais até ser reativado).";

    public override SubjectKind Subject => SubjectKind.Terminal;

    public override RuleSeverity DefaultSeverity => RuleSeverity.High;

    public override IReadOnlyList<RuleParameterView> Parameters => ScoreParameters("desativa o terminal");
}

/// <summary>The policy of a subject's score: the points of each severity, the review and interdiction thresholds, the window.</summary>
public abstract class ScorePolicyRule : PolicyRule
{
    public const string ReviewThreshold = "review_threshold";
    public const string InterdictionThreshold = "interdiction_threshold";
    public const string WindowDays = "window_days";

    protected static IReadOnlyList<RuleParameterView> ScoreParameters(string interdiction) =>
    [
        .. SeverityPoints,
        Parameter(ReviewThreshold, "pontos", 30, 1, 1_000_000, "Pontuação que pede a revisão de um analista."),
        Parameter(InterdictionThreshold, "pontos", 100, 1, 1_000_000, $"Pontuação que {interdiction}."),
        Parameter(WindowDays, "dias", 30, 1, 365, "Janela das constatações que contam."),
    ];
}

/// <summary>Rule 1 (blocked players): a bet or a deposit at an operator after it was told to block the player.</summary>
public sealed class BlockedPlayerActivityRule : IntegrityRule, IJudgesPlayerBets, IJudgesPlayerPayments
{
    public override string Id => "blocked_player_activity";

    public override string Title => "Atividade de jogador bloqueado";

    public override string Description =>
        "Um new_bet ou um depósito concluído de um jogador que está na lista de bloqueados do operador, com data posterior ao bloqueio.";

    public override SubjectKind Subject => SubjectKind.Player;

    public override RuleSeverity DefaultSeverity => RuleSeverity.Critical;

    public RuleHit? Evaluate(BetObservation bet, PlayerWindows windows, RuleSetting setting) =>
        bet.Event == "new_bet" && windows.BlockedAt(bet.Oprid, bet.EventDate) is { } since
            ? new RuleHit($"Aposta {bet.BetSlipId} de jogador bloqueado desde {Evidence.Instant(since)}", [Evidence.Of(bet, $"new_bet {bet.BetSlipId}, {Evidence.Money(bet.TotalStake)}")])
            : null;

    public RuleHit? Evaluate(PaymentObservation payment, PlayerWindows windows, RuleSetting setting) =>
        payment.Kind == GrainInterfaces.Payments.PaymentSettled.CashIn && payment.Outcome == "completed" && windows.BlockedAt(payment.Oprid, payment.At) is { } since
            ? new RuleHit($"Depósito de jogador bloqueado desde {Evidence.Instant(since)}", [Evidence.Of(payment, $"depósito {Evidence.Money(payment.Amount)}")])
            : null;
}

/// <summary>
/// An operator's risk: each of its open alerts weighs its severity's points, growing with age (double
/// after <c>age_days_double</c> days unanswered), an acknowledged one <c>acknowledged_percent</c> of
/// that. At <c>highlight_threshold</c> the operator is highlighted.
/// </summary>
public sealed class OperatorRiskPolicy : PolicyRule
{
    public const string AgeDaysDouble = "age_days_double";
    public const string AcknowledgedPercent = "acknowledged_percent";
    public const string HighlightThreshold = "highlight_threshold";

    public override string Id => "operator_risk";

    public override string Title => "Risco do operador";

    public override string Description =>
        "Soma, sobre os alertas abertos do operador, do peso da severidade vezes (1 + idade em dias / age_days_double); um alerta já respondido pelo operador pesa acknowledged_percent disso. No limite de destaque, o operador é destacado.";

    public override SubjectKind Subject => SubjectKind.Operator;

    public override RuleSeverity DefaultSeverity => RuleSeverity.High;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        .. SeverityPoints,
        Parameter(AgeDaysDouble, "dias", 7, 1, 365, "Idade em que um alerta passa a pesar o dobro."),
        Parameter(AcknowledgedPercent, "%", 50, 0, 100, "Quanto pesa um alerta respondido pelo operador."),
        Parameter(HighlightThreshold, "pontos", 50, 1, 1_000_000, "Risco a partir do qual o operador é destacado."),
    ];

    /// <summary>The risk of these open alerts, rounded down.</summary>
    public static long Risk(IEnumerable<OpenAlertGroup> groups, RuleSetting policy)
    {
        var secondsToDouble = policy[AgeDaysDouble] * 86_400d;
        var risk = groups.Where(g => g.Status != AlertStatus.Closed).Sum(g =>
            PointsOf(g.Severity, policy) * (g.Count + (g.AgeSeconds / secondsToDouble)) * (g.Status == AlertStatus.Acknowledged ? policy[AcknowledgedPercent] / 100d : 1d));
        return (long)Math.Floor(risk);
    }
}
