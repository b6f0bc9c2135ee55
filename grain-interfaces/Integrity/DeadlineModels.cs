namespace Lottopar.GrainInterfaces.Integrity;

/// <summary>
/// Something an operator (or LOTTOPAR) must do by a deadline and has not done yet: a result to send,
/// a prize to pay, a suspicion to report. Its key names it (a slip, a ticket, a case), <see cref="Since"/>
/// is when the clock started, the amount is in centavos where there is one.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record OpenObligation(
    [property: Orleans.Id(0)] string? Oprid,
    [property: Orleans.Id(1)] string Key,
    [property: Orleans.Id(2)] DateTimeOffset Since,
    [property: Orleans.Id(3)] long Amount,
    [property: Orleans.Id(4)] string Detail);

/// <summary>What one deadline check found per rule: obligations still open in its look-back, and those past their deadline.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record DeadlineCheck(
    [property: Orleans.Id(0)] DateTimeOffset At,
    [property: Orleans.Id(1)] IReadOnlyList<DeadlineRuleCheck> Rules);

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record DeadlineRuleCheck(
    [property: Orleans.Id(0)] string RuleId,
    [property: Orleans.Id(1)] int Open,
    [property: Orleans.Id(2)] int Overdue);

/// <summary>
/// The regulatory deadlines (key "default", one per cluster): a reminder runs every deadline rule in
/// force over the obligations still open, and each one past its deadline is evidence on an alert.
/// </summary>
public interface IIntegrityDeadlinesGrain : Orleans.IGrainWithStringKey
{
    /// <summary>Registers the periodic reminder (idempotent; each silo asks at start).</summary>
    Task StartAsync();

    /// <summary>Runs the check now (the reminder's work; LOTTOPAR staff may ask for it).</summary>
    Task<DeadlineCheck> CheckAsync();
}
