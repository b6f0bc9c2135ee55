using System.Threading.Channels;

namespace Lottopar.Client;

/// <summary>
/// Offers betting events from a <see cref="BettingEventGenerator"/> to the platform and measures the answers:
/// latency percentiles, counts per status, problem code and flag, and the throughput achieved.
/// </summary>
/// <remarks>
/// <para>
/// Events go through a send function, not a fixed client, so the same runner can drive another endpoint or
/// an in-process service (the server's benchmarks). Only transport failures of the send function are
/// expected exceptions (<see cref="HttpRequestException"/>, a timeout); anything else aborts the run.
/// </para>
/// <para>
/// Each event is a player's turn (see <see cref="PlayerTurn"/>): one player never has two events in flight,
/// and a refused event is forgotten by the generator, so the load itself never breaks a player's balance
/// continuity. Refusals, 429 included, are counted and not retried: a retry would distort the offered load.
/// </para>
/// </remarks>
public sealed class LoadRunner
{
    private static readonly TimeSpan TurnPollInterval = TimeSpan.FromMilliseconds(1);

    private readonly BettingEventGenerator _generator;
    private readonly Func<BettingEventRequest, CancellationToken, Task<SendResult>> _send;
    private readonly TimeProvider _time;

    /// <param name="send">Sends one event and returns what the platform answered.</param>
    public LoadRunner(
        BettingEventGenerator generator, Func<BettingEventRequest, CancellationToken, Task<SendResult>> send, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(send);
        _generator = generator;
        _send = send;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A runner that sends with <paramref name="client"/>.</summary>
    public LoadRunner(BettingEventGenerator generator, LottoparClient client)
        : this(generator, (request, token) => client.SendBettingEventAsync(request, null, token))
    {
        ArgumentNullException.ThrowIfNull(client);
    }

    /// <summary>
    /// Runs <paramref name="plan"/> and returns its report once every started request has completed.
    /// Cancelling stops the run early; the report then covers what completed and says it was interrupted.
    /// </summary>
    /// <param name="onProgress">Called every <see cref="LoadPlan.ProgressInterval"/> from a background task, and once at the end.</param>
    public async Task<LoadReport> RunAsync(LoadPlan plan, Action<LoadProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var counters = new LoadCounters();
        var start = _time.GetTimestamp();
        using var runEnded = new CancellationTokenSource();
        var reporting = onProgress is null
            ? Task.CompletedTask
            : ReportProgressAsync(plan, counters, start, onProgress, runEnded.Token);

        var interrupted = false;
        try
        {
            await (plan.Mode == LoadMode.OpenLoop
                ? RunOpenLoopAsync(plan, counters, start, cancellationToken)
                : RunClosedLoopAsync(plan, counters, start, cancellationToken)).ConfigureAwait(false);
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

        var elapsed = _time.GetElapsedTime(start);
        onProgress?.Invoke(Snapshot(plan, counters, elapsed, counters.Completed / Math.Max(elapsed.TotalSeconds, 1e-9), interrupted ? null : 1.0));
        return counters.Report(plan, elapsed, interrupted);
    }

    /// <summary>
    /// A scheduler writes a ticket when each event falls due; a fixed set of senders (the in-flight cap) takes
    /// them. When the platform falls behind, tickets wait and are sent late; those still waiting when the
    /// time is up are counted as missed.
    /// </summary>
    private async Task RunOpenLoopAsync(LoadPlan plan, LoadCounters counters, long start, CancellationToken cancellationToken)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tickets = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleWriter = true });
        var senders = Enumerable.Range(0, Concurrency(plan))
            .Select(_ => AbortingOnFailureAsync(() => SendTicketsAsync(plan, tickets.Reader, counters, start, abort.Token), abort))
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
                var wait = due - _time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, token).ConfigureAwait(false);
                }

                tickets.TryWrite(ticket);
            }
        }
        finally
        {
            tickets.TryComplete();
        }
    }

    private async Task SendTicketsAsync(LoadPlan plan, ChannelReader<long> tickets, LoadCounters counters, long start, CancellationToken token)
    {
        await foreach (var _ in tickets.ReadAllAsync(token).ConfigureAwait(false))
        {
            if (TimeIsUp(plan, start))
            {
                counters.MissedOne();
                continue;
            }

            await SendTurnAsync(await TakeTurnAsync(token).ConfigureAwait(false), counters, token).ConfigureAwait(false);
        }
    }

    /// <summary>Each worker sends its next event as soon as its previous one is answered.</summary>
    private async Task RunClosedLoopAsync(LoadPlan plan, LoadCounters counters, long start, CancellationToken cancellationToken)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var budget = new EventBudget(plan.MaxEvents);
        var workers = Enumerable.Range(0, Concurrency(plan))
            .Select(_ => AbortingOnFailureAsync(async () =>
            {
                while (!TimeIsUp(plan, start) && budget.TryTake())
                {
                    var turn = await TakeTurnAsync(abort.Token).ConfigureAwait(false);
                    await SendTurnAsync(turn, counters, abort.Token).ConfigureAwait(false);
                }
            }, abort));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task SendTurnAsync(PlayerTurn turn, LoadCounters counters, CancellationToken token)
    {
        counters.Started();
        var accepted = false;
        var sent = _time.GetTimestamp();
        try
        {
            var result = await _send(turn.Request, token).ConfigureAwait(false);
            counters.Answered(result, _time.GetElapsedTime(sent));
            accepted = result.IsAccepted;
        }
        catch (HttpRequestException e)
        {
            counters.FailedInTransport(e.HttpRequestError == HttpRequestError.Unknown ? "HttpError" : e.HttpRequestError.ToString());
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // Not our cancellation: the HttpClient's own timeout.
            counters.FailedInTransport("Timeout");
        }
        finally
        {
            // Whatever happened, the player's turn ends: accepted moves it on, anything else is forgotten.
            turn.Complete(accepted);
        }
    }

    /// <summary>
    /// A player with nothing in flight. With at most one in-flight request per player there always is one,
    /// unless someone else takes turns from the same generator; then wait for a turn to end.
    /// </summary>
    private async Task<PlayerTurn> TakeTurnAsync(CancellationToken token)
    {
        while (true)
        {
            if (_generator.Next() is { } turn)
            {
                return turn;
            }

            await Task.Delay(TurnPollInterval, _time, token).ConfigureAwait(false);
        }
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

    private async Task ReportProgressAsync(LoadPlan plan, LoadCounters counters, long start, Action<LoadProgress> onProgress, CancellationToken runEnded)
    {
        var previousCompleted = 0L;
        var previousElapsed = TimeSpan.Zero;
        while (true)
        {
            await Task.Delay(plan.ProgressInterval, _time, runEnded).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (runEnded.IsCancellationRequested)
            {
                return;
            }

            var elapsed = _time.GetElapsedTime(start);
            var completed = counters.Completed;
            var rate = (completed - previousCompleted) / Math.Max((elapsed - previousElapsed).TotalSeconds, 1e-9);
            onProgress(Snapshot(plan, counters, elapsed, rate, fraction: null));
            (previousCompleted, previousElapsed) = (completed, elapsed);
        }
    }

    private static LoadProgress Snapshot(LoadPlan plan, LoadCounters counters, TimeSpan elapsed, double rate, double? fraction)
    {
        var sent = counters.Sent;
        var completed = counters.Completed;
        var accepted = counters.Accepted;
        var byTime = plan.Duration is { } duration ? elapsed / duration : 0;
        var byCount = plan.MaxEvents is { } max ? completed / (double)max : 0;
        return new LoadProgress(
            elapsed, sent, completed, accepted, completed - accepted, sent - completed, rate,
            fraction ?? Math.Clamp(Math.Max(byTime, byCount), 0, 1));
    }

    private bool TimeIsUp(LoadPlan plan, long start) =>
        plan.Duration is { } duration && _time.GetElapsedTime(start) >= duration;

    /// <summary>No more requests in flight than players: one player is never sent twice at once.</summary>
    private int Concurrency(LoadPlan plan) => Math.Min(plan.Concurrency, _generator.Players);

    /// <summary>The number of events workers may still start, shared between them.</summary>
    private sealed class EventBudget(long? max)
    {
        private long _taken;

        public bool TryTake() => max is not { } limit || Interlocked.Increment(ref _taken) <= limit;
    }
}
