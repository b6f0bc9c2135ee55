using Lottopar.Runtime.Core;
using Lottopar.Runtime.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lottopar.Runtime.Reminders;

/// <summary>
/// Fires due reminders: claims them with a lease, calls <see cref="IRemindable.ReceiveReminder"/>
/// as a turn of the grain, then schedules the next tick. A periodic reminder that fell behind
/// (the silo was down) fires once, reporting the ticks it skipped, and keeps its original grid.
/// A failed tick is retried with a growing delay.
/// </summary>
internal sealed class ReminderService(
    IReminderTable table,
    GrainDispatcher dispatcher,
    ActivationCatalog catalog,
    RuntimeInstruments instruments,
    SiloIdentity silo,
    TimeProvider clock,
    IOptions<ActorRuntimeOptions> options,
    DatabaseOutage database,
    ILogger<ReminderService> logger) : BackgroundService
{
    private const int BatchSize = 64;
    private const int Parallelism = 16;

    // During a database outage the polls wait longer and longer, up to this.
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);
    private readonly ActorRuntimeOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outage = new Outage(logger, database, "Reminder polling", _options.ReminderPollInterval, LongestRetry);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await table.ClaimDueAsync(clock.GetUtcNow(), silo.Name, _options.ReminderLease, BatchSize, stoppingToken)
                    .ConfigureAwait(false);
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken };
                await Parallel.ForEachAsync(claimed, parallel, async (entry, token) => await FireAsync(entry, token).ConfigureAwait(false))
                    .ConfigureAwait(false);
                outage.Succeeded();
                if (claimed.Count < BatchSize)
                {
                    await catalog.ReminderWake.WaitAsync(_options.ReminderPollInterval, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // Survives a database outage; leased reminders are taken again when their lease ends.
                await Pause.ForAsync(outage.Failed(error), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FireAsync(ReminderEntry entry, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        var status = new TickStatus(entry.FirstDue, entry.Period, entry.TickDue, ReminderSchedule.MissedTicks(entry.TickDue, entry.Period, now));
        var type = catalog.Registry.ForName(entry.Grain.Type);
        ReminderOutcome outcome;
        try
        {
            if (!type.IsRemindable)
            {
                throw new InvalidOperationException($"{type.GrainClass.Name} has a reminder but does not implement IRemindable.");
            }

            await dispatcher.InvokeSystemAsync(entry.Grain, $"Reminder '{entry.Name}'", grain => ((IRemindable)grain).ReceiveReminder(entry.Name, status))
                .ConfigureAwait(false);
            instruments.ReminderTicked(type, succeeded: true);
            var nextTick = ReminderSchedule.NextAfter(entry.TickDue, entry.Period, now);
            outcome = new ReminderOutcome(nextTick, nextTick ?? now, Failures: 0);
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            // The same tick is tried again later; the failure is counted and logged, never dropped.
            var failures = entry.Failures + 1;
            instruments.ReminderTicked(type, succeeded: false);
            var delay = ReminderSchedule.RetryDelay(failures, _options.ReminderRetryDelay, _options.ReminderMaximumRetryDelay, entry.Period);
            outcome = new ReminderOutcome(entry.TickDue, clock.GetUtcNow() + delay, failures);
            logger.LogWarning(error, "Reminder {Reminder} of {Grain} failed ({Failures} in a row); retrying in {Delay}",
                entry.Name, catalog.Registry.Describe(entry.Grain), failures, delay);
        }

        await table.ReleaseAsync(entry, silo.Name, outcome, clock.GetUtcNow(), stoppingToken).ConfigureAwait(false);
    }
}
