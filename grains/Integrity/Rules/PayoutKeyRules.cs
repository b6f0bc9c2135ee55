using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity.Rules;

/// <summary>
/// Rule 6: one PIX key that several players asked to register for payouts, at one operator or
/// several (the DICT lets only its holder register it: the others tried someone else's account).
/// </summary>
public sealed class PixKeySharedRule : PixKeyRule
{
    public const string MaxCpfs = "max_cpfs";
    public const string WindowDays = "window_days";

    public override string Id => "pix_key_shared";

    public override string Title => "Chave PIX usada por vários CPFs";

    public override string Description =>
        "Uma mesma chave PIX que jogadores de CPFs diferentes pediram para cadastrar como conta de saque, em um ou mais operadores, dentro da janela " +
        "(cadastros aceitos e recusados por ser de outro titular).";

    public override RuleSeverity DefaultSeverity => RuleSeverity.High;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        Parameter(MaxCpfs, "CPFs", 1, 1, 100, "Quantos CPFs podem pedir a mesma chave sem alerta."),
        Parameter(WindowDays, "dias", 90, 1, 365, "Janela em que se contam."),
    ];

    public override RuleHit? Evaluate(PayoutKeyObservation seen, IReadOnlyList<PayoutKeyMark> keyMarks, RuleSetting setting)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var marks = PayoutKeyMarks.Within(keyMarks, seen.At, setting[WindowDays]).ToList();
        var players = marks.Select(m => m.PlayerKey).Distinct().Count();
        return players <= setting[MaxCpfs]
            ? null
            : new RuleHit($"Chave PIX {seen.KeyMasked} pedida por {players} CPFs em {marks.Select(m => m.Oprid).Distinct().Count()} operador(es) em {setting[WindowDays]} dias",
                [.. marks.OrderBy(m => m.At).Select(Evidence.Of)], AcrossOperators: true);
    }
}

/// <summary>
/// Rule 3: a player who asks to register more PIX keys for payouts than the maximum, over every
/// operator, within the window (money spread over many accounts, or limits circumvented by changing them).
/// </summary>
public sealed class PlayerManyPixKeysRule : PlayerPayoutKeyRule
{
    public const string MaxKeys = "max_keys";
    public const string WindowDays = "window_days";

    public override string Id => "player_many_pix_keys";

    public override string Title => "Jogador com chaves PIX demais";

    public override string Description =>
        "Um jogador que pediu o cadastro de mais chaves PIX diferentes como conta de saque que o máximo, somados todos os operadores, dentro da janela.";

    public override RuleSeverity DefaultSeverity => RuleSeverity.Medium;

    public override IReadOnlyList<RuleParameterView> Parameters =>
    [
        Parameter(MaxKeys, "chaves", 3, 1, 100, "Chaves diferentes que um jogador pode pedir sem alerta."),
        Parameter(WindowDays, "dias", 30, 1, 365, "Janela em que se contam."),
    ];

    public override RuleHit? Evaluate(PayoutKeyObservation seen, IReadOnlyList<PayoutKeyMark> playerMarks, RuleSetting setting)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var marks = PayoutKeyMarks.Within(playerMarks, seen.At, setting[WindowDays]).ToList();
        var keys = marks.Select(m => m.KeyFingerprint).Distinct().Count();
        return keys <= setting[MaxKeys]
            ? null
            : new RuleHit($"{keys} chaves PIX de saque pedidas em {marks.Select(m => m.Oprid).Distinct().Count()} operador(es) em {setting[WindowDays]} dias, acima do máximo de {setting[MaxKeys]}",
                [.. marks.OrderBy(m => m.At).Select(Evidence.Of)], AcrossOperators: true);
    }
}
