using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Vault;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// An integrity rule: its id (stable: alerts name it as <c>id@version</c>), what it watches, its
/// parameters with their defaults (version 1 of its settings) and bounds. Adding a rule is adding a
/// subclass of one of the kinds below to <see cref="IntegrityRules.All"/>, with its tests and its
/// section in docs/integrity-rules.md.
/// </summary>
public abstract class IntegrityRule
{
    public abstract string Id { get; }

    public abstract string Title { get; }

    public abstract string Description { get; }

    public abstract SubjectKind Subject { get; }

    public abstract RuleSeverity DefaultSeverity { get; }

    public virtual IReadOnlyList<RuleParameterView> Parameters => [];

    /// <summary>Version 1: the rule on, with its default severity and parameters.</summary>
    public RuleSetting Shipped => new(Id, 1, true, DefaultSeverity, Parameters.ToDictionary(p => p.Name, p => p.Default));

    protected static RuleParameterView Parameter(string name, string unit, long @default, long min, long max, string description) =>
        new(name, description, unit, @default, min, max);
}

/// <summary>What a rule found: a summary for people, the evidence, and whether it is about the player across operators.</summary>
public sealed record RuleHit(string Summary, IReadOnlyList<AlertEvidence> Evidence, bool AcrossOperators = false);

/// <summary>Judges each of a player's betting events with the player's windows (the event folded in).</summary>
public interface IJudgesPlayerBets
{
    string Id { get; }

    RuleHit? Evaluate(BetObservation bet, PlayerWindows windows, RuleSetting setting);
}

/// <summary>Judges each of a player's settled payments with the player's windows (the payment folded in).</summary>
public interface IJudgesPlayerPayments
{
    string Id { get; }

    RuleHit? Evaluate(PaymentObservation payment, PlayerWindows windows, RuleSetting setting);
}

/// <summary>A rule on a player, judged at each of the player's betting events.</summary>
public abstract class PlayerBetRule : IntegrityRule, IJudgesPlayerBets
{
    public override SubjectKind Subject => SubjectKind.Player;

    public abstract RuleHit? Evaluate(BetObservation bet, PlayerWindows windows, RuleSetting setting);
}

/// <summary>A rule on a player, judged at each of the player's settled payments.</summary>
public abstract class PlayerPaymentRule : IntegrityRule, IJudgesPlayerPayments
{
    public override SubjectKind Subject => SubjectKind.Player;

    public abstract RuleHit? Evaluate(PaymentObservation payment, PlayerWindows windows, RuleSetting setting);
}

/// <summary>A rule on a PIX key across operators, judged at each request to register it for payouts with the key's marks (the request folded in).</summary>
public abstract class PixKeyRule : IntegrityRule
{
    public override SubjectKind Subject => SubjectKind.PixKey;

    public abstract RuleHit? Evaluate(PayoutKeyObservation seen, IReadOnlyList<PayoutKeyMark> keyMarks, RuleSetting setting);
}

/// <summary>A rule on a player, judged at each of the player's requests to register a payout key with the player's marks (the request folded in).</summary>
public abstract class PlayerPayoutKeyRule : IntegrityRule
{
    public override SubjectKind Subject => SubjectKind.Player;

    public abstract RuleHit? Evaluate(PayoutKeyObservation seen, IReadOnlyList<PayoutKeyMark> playerMarks, RuleSetting setting);
}

/// <summary>A rule on an operator, judged at each of its betting events with the operator's windows (the event folded in).</summary>
public abstract class OperatorBetRule : IntegrityRule
{
    public override SubjectKind Subject => SubjectKind.Operator;

    public abstract RuleHit? Evaluate(BetObservation bet, OperatorWindows windows, RuleSetting setting);
}

/// <summary>A rule on an operator, judged at each event of its vault.</summary>
public abstract class OperatorVaultRule : IntegrityRule
{
    public override SubjectKind Subject => SubjectKind.Operator;

    public abstract RuleHit? Evaluate(VaultEvent vaultEvent, RuleSetting setting);
}

/// <summary>
/// A rule on an operator, judged on each hour of its vault against the platform's own records of
/// that hour (<see cref="Reconciliation"/>): the sides are read through the windows the rule's setting asks for.
/// </summary>
public abstract class OperatorReconciliationRule : IntegrityRule
{
    public override SubjectKind Subject => SubjectKind.Operator;

    public abstract ReconciliationChannel Channel { get; }

    /// <summary>How far apart the two sides' instants of one thing may be (the clocks of two systems).</summary>
    public abstract TimeSpan Tolerance(RuleSetting setting);

    /// <summary>How long after the platform's side the vault's may come (a prize after its result); zero when they are one event.</summary>
    public virtual TimeSpan Delay(RuleSetting setting) => TimeSpan.Zero;

    public IReadOnlyList<ReconciliationDifference> Compare(ReconciliationSides sides, RuleSetting setting) =>
        Reconciliation.Compare(sides, Tolerance(setting), Delay(setting));

    /// <summary>The hit for an hour's differences, null when there are none.</summary>
    public abstract RuleHit? Evaluate(ReconciliationSides sides, IReadOnlyList<ReconciliationDifference> differences, RuleSetting setting);
}

/// <summary>
/// A regulatory deadline: obligations of a kind that started at some instant and must be met within a
/// time (<see cref="DueAt"/>). The deadline check reads the ones still open and judges each; every
/// overdue one is evidence on the alert of its operator (or of LOTTOPAR, for its own duties).
/// </summary>
public abstract class DeadlineRule : IntegrityRule
{
    public override SubjectKind Subject => SubjectKind.Operator;

    /// <summary>Which obligations the source reads for this rule.</summary>
    public abstract ObligationKind Obligation { get; }

    /// <summary>How far back past the deadline a check still reads open obligations (a check missed for days finds them still).</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(7);

    /// <summary>The longest the deadline can be in calendar time.</summary>
    public abstract TimeSpan Longest(RuleSetting setting);

    /// <summary>The shortest it can be: an obligation younger than this cannot be overdue.</summary>
    public virtual TimeSpan Shortest(RuleSetting setting) => Longest(setting);

    /// <summary>Which obligations a check at <paramref name="now"/> reads: those that started in this range.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now, RuleSetting setting) =>
        (now - Longest(setting) - LookBack, now - Shortest(setting));

    /// <summary>When an obligation that started at <paramref name="since"/> falls due: by default, the longest deadline later.</summary>
    public virtual DateTimeOffset DueAt(DateTimeOffset since, RuleSetting setting) => since + Longest(setting);

    /// <summary>The evidence of an overdue obligation.</summary>
    public abstract AlertEvidence Describe(OpenObligation obligation, DateTimeOffset dueAt);

    /// <summary>The summary of an alert with these overdue obligations.</summary>
    public abstract string Summarize(IReadOnlyList<OpenObligation> overdue, RuleSetting setting);
}

/// <summary>The obligations a deadline source knows how to read.</summary>
public enum ObligationKind
{
    /// <summary>A bet whose sporting events have ended and that has no result (nor cancellation) yet.</summary>
    ResultReport,

    /// <summary>A winning lottery ticket not registered as paid.</summary>
    LotteryPrizeClaim,

    /// <summary>A case of suspected match-fixing not yet reported to the authority.</summary>
    SuspicionReport,

    /// <summary>A player's account the player asked to close, not closed yet.</summary>
    AccountClosure,

    /// <summary>A bonus's wagering, left unmet by a withdrawal soon after it (the withdrawal is the breach: due at once).</summary>
    BonusWagering,
}

/// <summary>Evidence from what the rules see, in one place.</summary>
public static class Evidence
{
    public static AlertEvidence Of(BetObservation bet, string detail) =>
        new(AlertEvidence.BettingEvent, bet.EventId.ToString(), bet.EventDate, detail);

    public static AlertEvidence Of(PaymentObservation payment, string detail) =>
        new(AlertEvidence.Payment, payment.PaymentId, payment.At, detail);

    /// <summary>A request to register a payout key: who asked where, for which key, and what the directory said.</summary>
    public static AlertEvidence Of(PayoutKeyMark mark) =>
        new(AlertEvidence.PayoutKey, $"{mark.Oprid}:{mark.PlayerKey}:{mark.KeyFingerprint}", mark.At,
            $"CPF {mark.MaskedCpf} em {mark.Oprid}, chave {mark.KeyMasked}: {(mark.HolderIsPlayer ? "cadastrada (o jogador é o titular)" : "recusada (a chave é de outro titular)")}");

    public static AlertEvidence Of(VaultEvent vaultEvent) => vaultEvent.FileId is { } file
        ? new(AlertEvidence.VaultFile, file.ToString(), vaultEvent.At, vaultEvent.Message)
        : new(AlertEvidence.VaultEvent, $"{vaultEvent.Kind}:{vaultEvent.Hour?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? vaultEvent.Sequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? vaultEvent.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}", vaultEvent.At, vaultEvent.Message);

    /// <summary>A day as people in Brazil write it, 03/12/2026, whatever the server's culture.</summary>
    public static string Day(DateOnly day) => day.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An instant as people in Brasília read it: 03/12/2026 14:05 (Brasília).</summary>
    public static string Instant(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Common.BrasiliaTime.Zone).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " (Brasília)";

    /// <summary>Centavos as people read them: R$ 1.234,56.</summary>
    public static string Money(long centavos) =>
        string.Create(System.Globalization.CultureInfo.GetCultureInfo("pt-BR"), $"R$ {centavos / 100m:N2}");
}
