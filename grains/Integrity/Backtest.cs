using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Vault;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// One rule, with given settings, over stored history: the events are folded into windows of their
/// own (the same windows the live grains keep) in the order they were committed, and the rule judges
/// those committed in [<see cref="From"/>, <see cref="To"/>); what it would have raised is gathered
/// per subject, as alerts would be, and nothing is raised. Events before <see cref="From"/> only warm
/// the windows. Blocks are live state, not history: a backtest sees none.
/// </summary>
public sealed class Backtest(IntegrityRule rule, RuleSetting setting, DateTimeOffset from, DateTimeOffset to)
{
    /// <summary>How far before the range events are read to warm the windows (the longest window a rule counts over).</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromDays(PlayerWindows.BetDaysKept + 1);

    public const int MaxAlertsReported = 1_000;
    public const int EvidencePerAlert = 5;

    private readonly Dictionary<string, PlayerWindows> _players = [];
    private readonly Dictionary<string, OperatorWindows> _operators = [];
    private readonly Dictionary<string, List<PayoutKeyMark>> _payoutKeys = [];
    private readonly Dictionary<(SubjectKind Kind, string Subject, string? Oprid), BacktestAlert> _alerts = [];

    public DateTimeOffset From { get; } = from;

    public DateTimeOffset To { get; } = to;

    public long EventsRead { get; private set; }

    public long Findings { get; private set; }

    /// <summary>Whether the rule judges anything a backtest replays (policies and the block rule do not).</summary>
    public static bool CanRun(IntegrityRule rule) =>
        rule is (IJudgesPlayerBets or IJudgesPlayerPayments or OperatorBetRule or OperatorVaultRule or OperatorReconciliationRule or PixKeyRule or PlayerPayoutKeyRule) and not Rules.BlockedPlayerActivityRule;

    public void Observe(BetObservation bet, DateTimeOffset committedAt)
    {
        EventsRead++;
        var player = Player(bet.Cpf);
        player.Fold(bet);
        var operatorWindows = Operator(bet.Oprid);
        operatorWindows.Fold(bet);
        if (!InRange(committedAt))
        {
            return;
        }

        if (rule is IJudgesPlayerBets judge && judge.Evaluate(bet, player, setting) is { } hit)
        {
            Record(SubjectKind.Player, Validation.Cpf.Mask(bet.Cpf), hit.AcrossOperators ? null : bet.Oprid, hit, committedAt);
        }
        else if (rule is OperatorBetRule operatorRule && operatorRule.Evaluate(bet, operatorWindows, setting) is { } operatorHit)
        {
            Record(SubjectKind.Operator, bet.Oprid, bet.Oprid, operatorHit, committedAt);
        }
    }

    public void Observe(PaymentObservation payment)
    {
        EventsRead++;
        var player = Player(payment.Cpf);
        player.Fold(payment);
        if (InRange(payment.At) && rule is IJudgesPlayerPayments judge && judge.Evaluate(payment, player, setting) is { } hit)
        {
            Record(SubjectKind.Player, Validation.Cpf.Mask(payment.Cpf), hit.AcrossOperators ? null : payment.Oprid, hit, payment.At);
        }
    }

    /// <summary>A request to register a payout key: folded into the key's marks and the player's (held apart by a prefix).</summary>
    public void Observe(PayoutKeyObservation seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        EventsRead++;
        var keyMarks = Marks("k:" + seen.KeyFingerprint);
        var playerMarks = Marks("p:" + seen.PlayerKey);
        PayoutKeyMarks.Fold(keyMarks, seen);
        PayoutKeyMarks.Fold(playerMarks, seen);
        if (!InRange(seen.At))
        {
            return;
        }

        if (rule is PixKeyRule keyRule && keyRule.Evaluate(seen, keyMarks, setting) is { } keyHit)
        {
            Record(SubjectKind.PixKey, seen.KeyFingerprint, null, keyHit, seen.At);
        }
        else if (rule is PlayerPayoutKeyRule playerRule && playerRule.Evaluate(seen, playerMarks, setting) is { } playerHit)
        {
            Record(SubjectKind.Player, Validation.Cpf.Mask(seen.Cpf), null, playerHit, seen.At);
        }
    }

    public void Observe(VaultEvent vaultEvent)
    {
        EventsRead++;
        if (InRange(vaultEvent.At) && rule is OperatorVaultRule judge && judge.Evaluate(vaultEvent, setting) is { } hit)
        {
            Record(SubjectKind.Operator, vaultEvent.Oprid, vaultEvent.Oprid, hit, vaultEvent.At);
        }
    }

    /// <summary>An operator's hour, both sides read with the setting's windows (a reconciliation rule's backtest).</summary>
    public void Observe(ReconciliationSides sides)
    {
        ArgumentNullException.ThrowIfNull(sides);
        EventsRead += sides.Platform.Count + sides.Vault.Count;
        if (InRange(sides.Hour) && rule is OperatorReconciliationRule judge && judge.Evaluate(sides, judge.Compare(sides, setting), setting) is { } hit)
        {
            Record(SubjectKind.Operator, sides.Oprid, sides.Oprid, hit, sides.Hour);
        }
    }

    /// <summary>The alerts it would have raised, most findings first (at most <see cref="MaxAlertsReported"/>).</summary>
    public IReadOnlyList<BacktestAlert> Alerts() =>
        [.. _alerts.Values.OrderByDescending(a => a.Findings).ThenBy(a => a.FirstAt).Take(MaxAlertsReported)];

    public int AlertCount => _alerts.Count;

    private bool InRange(DateTimeOffset at) => at >= From && at < To;

    private void Record(SubjectKind kind, string subject, string? oprid, RuleHit hit, DateTimeOffset at)
    {
        Findings++;
        var key = (kind, subject, oprid);
        _alerts[key] = _alerts.TryGetValue(key, out var alert)
            ? alert with { Findings = alert.Findings + 1, LastAt = at, Summary = hit.Summary, Evidence = [.. alert.Evidence, .. hit.Evidence.Take(Math.Max(0, EvidencePerAlert - alert.Evidence.Count))] }
            : new BacktestAlert(kind, subject, oprid, 1, at, at, hit.Summary, [.. hit.Evidence.Take(EvidencePerAlert)]);
    }

    private PlayerWindows Player(string cpf) => _players.TryGetValue(cpf, out var windows) ? windows : _players[cpf] = new PlayerWindows();

    private List<PayoutKeyMark> Marks(string key) => _payoutKeys.TryGetValue(key, out var marks) ? marks : _payoutKeys[key] = [];

    private OperatorWindows Operator(string oprid) => _operators.TryGetValue(oprid, out var windows) ? windows : _operators[oprid] = new OperatorWindows();
}

/// <summary>What a rule would have raised about one subject in a backtest: how often, when, and a sample of the evidence.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record BacktestAlert(
    [property: Orleans.Id(0)] SubjectKind Kind,
    [property: Orleans.Id(1)] string Subject,
    [property: Orleans.Id(2)] string? Oprid,
    [property: Orleans.Id(3)] long Findings,
    [property: Orleans.Id(4)] DateTimeOffset FirstAt,
    [property: Orleans.Id(5)] DateTimeOffset LastAt,
    [property: Orleans.Id(6)] string Summary,
    [property: Orleans.Id(7)] IReadOnlyList<AlertEvidence> Evidence);
