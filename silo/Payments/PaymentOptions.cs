namespace Lottopar.Silo.Payments;

/// <summary>Payments; bound from "Lottopar:Payments".</summary>
public sealed class PaymentOptions
{
    public const string SectionName = "Lottopar:Payments";

    /// <summary>One call to a PSP; failed calls are tried twice more, behind a circuit breaker per account.</summary>
    public TimeSpan PspAttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often pending payments ask their PSP, in case a webhook was lost (<see cref="PendingPaymentsReconciler"/>).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A deposit younger than this is left to the webhook.</summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Calls of one operator's PSP webhook route one client address may make in a minute (the route is open: each call makes the platform ask the PSP).</summary>
    public int WebhookRequestsPerMinutePerAddress { get; set; } = 6000;

    /// <summary>How often the daily reconciliation looks for yesterday's operators not yet reconciled (<see cref="DailyReconciliation"/>).</summary>
    public TimeSpan DailyReconciliationCheck { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the outbox of operators' notifications is looked at (<see cref="PaymentNotifier"/>).</summary>
    public TimeSpan NotifyInterval { get; set; } = TimeSpan.FromSeconds(1);
}
