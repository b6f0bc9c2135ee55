using System.Threading.Channels;

namespace Lottopar.Client;

/// <summary>
/// The timing of a <see cref="LoadPlan"/>, whatever the workload: an open-loop schedule drained by a fixed set of
/// senders, or closed-loop workers; a progress callback; and the stop (time, count, cancellation or a failing send).
/// </summary>
/// <remarks>
/// The workload is one function that sends one request and updates its tally. Only transport failures are its
/// business; anything it throws aborts the run and surfaces from <see cref="RunAsync"/>.
/// </remarks>
internal sealed class LoadSchedule(TimeProvider time)
{
    /// <param name="concurrency">Open loop: senders; closed loop: workers. The workload's own limit, at most the plan's.</param>
    /// <param name="sendOne">Sends one request; called from up to <paramref name="concurrency"/> tasks at once.</param>
    /// <returns>How long the run took, and whether it was cancelled before its end.</returns>
    public async Task<(TimeSpan Elapsed, bool Interrupted)> RunAsync(
        LoadPlan plan, int concurrency, ILoadTally tally, Func<CancellationToken, Task> sendOne, Action<LoadProgress>? onProgress,
        CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        using var runEnded = new CancellationTokenSource();
        var reporting = onProgress is null
            ? Task.CompletedTask
            : ReportProgressAsync(plan, tally, start, onProgress, runEnded.Token);

        var interrupted = false;
        try
        {
            await (plan.Mode == LoadMode.OpenLoop
                ? RunOpenLoopAsync(plan, concurrency, tally, sendOne, start, cancellationToken)
                : RunClosedLoopAsync(plan, concurrency, sendOne, start, cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }
        finally
        {
            await runEnded.CancelAsync().ConfigureAwait(false);
            await reporting.ConfigureAwait(false);
        }

        var elapsed = time.GetElapsedTime(start);
        onProgress?.Invoke(Snapshot(plan, tally, elapsed, tally.Completed / Math.Max(elapsed.TotalSeconds, 1e-9), interrupted ? null : 1.0));
        return (elapsed, interrupted);
    }

    /// <summary>
    /// A scheduler writes a ticket when each request falls due; a fixed set of senders (the in-flight cap) takes
    /// them. When the platform falls behind, tickets wait and are sent late; those still waiting when the
    /// time is up are counted as missed.
    /// </summary>
    private async Task RunOpenLoopAsync(
        LoadPlan plan, int concurrency, ILoadTally tally, Func<CancellationToken, Task> sendOne, long start, CancellationToken cancellationToken)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tickets = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleWriter = true });
        var senders = Enumerable.Range(0, concurrency)
            .Select(_ => AbortingOnFailureAsync(() => SendTicketsAsync(plan, tickets.Reader, tally, sendOne, start, abort.Token), abort))
            .ToList();
        senders.Add(ScheduleAsync(plan, tickets.Writer, start, abort.Token));
        await Task.WhenAll(senders).ConfigureAwait(false);
    }

    private async Task ScheduleAsync(LoadPlan plan, ChannelWriter<long> tickets, long start, CancellationToken token)
    {
        try
        {
            for (long ticket = 0; plan.MaxEvents is not { } max || ticket < max; ticket++)
            {
                var due = TimeSpan.FromSeconds(ticket / plan.TargetRate);
                if (plan.Duration is { } duration && due >= duration)
                {
                    break;
                }

                // Timers fire in whole milliseconds at best; tickets that fell due meanwhile go out at once.
                var wait = due - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, token).ConfigureAwait(false);
                }

                tickets.TryWrite(ticket);
            }
        }
        finally
        {
            tickets.TryComplete();
        }
    }

    private async Task SendTicketsAsync(
        LoadPlan plan, ChannelReader<long> tickets, ILoadTally tally, Func<CancellationToken, Task> sendOne, long start, CancellationToken token)
    {
        await foreach (var _ in tickets.ReadAllAsync(token).ConfigureAwait(false))
        {
            if (TimeIsUp(plan, start))
            {
                tally.MissedOne();
                continue;
            }

            await sendOne(token).ConfigureAwait(false);
        }
    }

    /// <summary>Each worker sends its next request as soon as its previous one is answered.</summary>
    private async Task RunClosedLoopAsync(LoadPlan plan, int concurrency, Func<CancellationToken, Task> sendOne, long start, CancellationToken cancellationToken)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var budget = new EventBudget(plan.MaxEvents);
        var workers = Enumerable.Range(0, concurrency)
            .Select(_ => AbortingOnFailureAsync(async () =>
            {
                while (!TimeIsUp(plan, start) && budget.TryTake())
                {
                    await sendOne(abort.Token).ConfigureAwait(false);
                }
            }, abort));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    /// <summary>A failed sender stops the others at once; the failure then surfaces from the run.</summary>
    private static async Task AbortingOnFailureAsync(Func<Task> work, CancellationTokenSource abort)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await abort.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ReportProgressAsync(LoadPlan plan, ILoadTally tally, long start, Action<LoadProgress> onProgress, CancellationToken runEnded)
    {
        var previousCompleted = 0L;
        var previousElapsed = TimeSpan.Zero;
        while (true)
        {
            await Task.Delay(plan.ProgressInterval, time, runEnded).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (runEnded.IsCancellationRequested)
            {
                return;
            }

            var elapsed = time.GetElapsedTime(start);
            var completed = tally.Completed;
            var rate = (completed - previousCompleted) / Math.Max((elapsed - previousElapsed).TotalSeconds, 1e-9);
            onProgress(Snapshot(plan, tally, elapsed, rate, fraction: null));
            (previousCompleted, previousElapsed) = (completed, elapsed);
        }
    }

    private static LoadProgress Snapshot(LoadPlan plan, ILoadTally tally, TimeSpan elapsed, double rate, double? fraction)
    {
        var sent = tally.Sent;
        var completed = tally.Completed;
        var accepted = tally.Accepted;
        var byTime = plan.Duration is { } duration ? elapsed / duration : 0;
        var byCount = plan.MaxEvents is { } max ? completed / (double)max : 0;
        return new LoadProgress(
            elapsed, sent, completed, accepted, completed - accepted, sent - completed, rate,
            fraction ?? Math.Clamp(Math.Max(byTime, byCount), 0, 1));
    }

    private bool TimeIsUp(LoadPlan plan, long start) =>
        plan.Duration is { } duration && time.GetElapsedTime(start) >= duration;

    /// <summary>The number of requests workers may still start, shared between them.</summary>
    private sealed class EventBudget(long? max)
    {
        private long _taken;

        public bool TryTake() => max is not { } limit || Interlocked.Increment(ref _taken) <= limit;
    }
}
