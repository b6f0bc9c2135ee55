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
        // No more requests in flight than players: one player is never sent twice at once.
        var concurrency = Math.Min(plan.Concurrency, _generator.Players);
        var (elapsed, interrupted) = await new LoadSchedule(_time).RunAsync(
            plan,
            concurrency,
            counters,
            async token => await SendTurnAsync(await TakeTurnAsync(token).ConfigureAwait(false), counters, token).ConfigureAwait(false),
            onProgress,
            cancellationToken).ConfigureAwait(false);
        return counters.Report(plan, elapsed, interrupted);
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
}
