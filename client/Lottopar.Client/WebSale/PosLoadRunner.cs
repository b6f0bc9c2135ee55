using System.Threading.Channels;

namespace Lottopar.Client.WebSale;

/// <summary>
/// Offers generated sales from N POS terminals to the webSale service and measures the answers: tickets, partial
/// tickets, refusals per code, transport failures, latency percentiles and throughput.
/// </summary>
/// <remarks>
/// <para>
/// Like a real terminal, each terminal has one sale in flight at a time, so no more sales are in flight than
/// there are terminals. Terminals take turns: a sender takes whichever is idle. Each sale is a one-record frame
/// (<see cref="PosSaleGenerator"/>) with the terminal's next invoice number (<see cref="InvoiceNumbers"/>).
/// </para>
/// <para>
/// Sales go through a sell function, not a fixed client, so tests and benchmarks can stand in for the server.
/// Refusals are counted and not retried. Transport failures (<see cref="HttpRequestException"/>, which includes an
/// HTTP status other than 200, and timeouts) and bodies that are not a sale's answer
/// (<see cref="UnexpectedAnswerException"/>) are counted; anything else the sell function throws aborts the run.
/// </para>
/// <para>The run's timing is <see cref="LoadRunner"/>'s: the same <see cref="LoadPlan"/>, open or closed loop.</para>
/// </remarks>
public sealed class PosLoadRunner
{
    private readonly Terminal[] _terminals;
    private readonly PosSaleGenerator _sales;
    private readonly Func<PosSale, CancellationToken, Task<SaleAnswer>> _sell;
    private readonly TimeProvider _time;

    /// <param name="terminals">Registered, active POS terminals of the provider (<see cref="LoadTerminals.Create"/>).</param>
    /// <param name="sell">Sends one sale and returns the server's answer.</param>
    /// <param name="seed">Seeds each terminal's choice of draws, types and numbers.</param>
    public PosLoadRunner(
        IReadOnlyList<PosIdentity> terminals, PosSaleGenerator sales, Func<PosSale, CancellationToken, Task<SaleAnswer>> sell, int seed,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(terminals);
        ArgumentNullException.ThrowIfNull(sales);
        ArgumentNullException.ThrowIfNull(sell);
        if (terminals.Count == 0)
        {
            throw new ArgumentException("A load needs at least one terminal.", nameof(terminals));
        }

        _time = timeProvider ?? TimeProvider.System;
        var seeds = new Random(seed);
        var firstInvoice = InvoiceNumbers.BaseAt(_time.GetUtcNow());
        _terminals = [.. terminals.Select(pos => new Terminal(pos, new Random(seeds.Next()), firstInvoice))];
        _sales = sales;
        _sell = sell;
    }

    /// <summary>A runner that sells with <paramref name="client"/>.</summary>
    public PosLoadRunner(IReadOnlyList<PosIdentity> terminals, PosSaleGenerator sales, PosClient client, int seed)
        : this(terminals, sales, (sale, token) => client.SellAsync(sale.Pos, sale.Frame, sale.InvoiceNumber, token), seed)
    {
        ArgumentNullException.ThrowIfNull(client);
    }

    public int Terminals => _terminals.Length;

    /// <summary>
    /// Runs <paramref name="plan"/> and returns its report once every started sale has completed. Cancelling
    /// stops the run early; the report then covers what completed and says it was interrupted. A second run
    /// continues each terminal's invoice numbers.
    /// </summary>
    /// <param name="onProgress">Called every <see cref="LoadPlan.ProgressInterval"/> from a background task, and once at the end.
    /// Its <see cref="LoadProgress.Accepted"/> counts tickets, full or partial.</param>
    public async Task<PosLoadReport> RunAsync(LoadPlan plan, Action<LoadProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var counters = new PosLoadCounters();
        var idle = Channel.CreateUnbounded<Terminal>();
        foreach (var terminal in _terminals)
        {
            idle.Writer.TryWrite(terminal);
        }

        var (elapsed, interrupted) = await new LoadSchedule(_time).RunAsync(
            plan,
            Math.Min(plan.Concurrency, _terminals.Length),
            counters,
            async token =>
            {
                var terminal = await idle.Reader.ReadAsync(token).ConfigureAwait(false);
                try
                {
                    await SellAsync(terminal.NextSale(_sales), counters, token).ConfigureAwait(false);
                }
                finally
                {
                    idle.Writer.TryWrite(terminal);
                }
            },
            onProgress,
            cancellationToken).ConfigureAwait(false);
        return counters.Report(plan, _terminals.Length, elapsed, interrupted);
    }

    private async Task SellAsync(PosSale sale, PosLoadCounters counters, CancellationToken token)
    {
        counters.Started();
        var sent = _time.GetTimestamp();
        try
        {
            var answer = await _sell(sale, token).ConfigureAwait(false);
            counters.Answered(answer, _time.GetElapsedTime(sent));
        }
        catch (UnexpectedAnswerException)
        {
            counters.AnsweredUnexpectedly(_time.GetElapsedTime(sent));
        }
        catch (HttpRequestException e)
        {
            counters.FailedInTransport(e switch
            {
                { StatusCode: { } status } => $"HTTP {(int)status}",
                { HttpRequestError: HttpRequestError.Unknown } => "HttpError",
                _ => e.HttpRequestError.ToString(),
            });
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // Not our cancellation: the HttpClient's own timeout.
            counters.FailedInTransport("Timeout");
        }
    }

    /// <summary>A terminal's state: used by one sale at a time, handed between senders through the idle channel.</summary>
    private sealed class Terminal(PosIdentity identity, Random random, long firstInvoice)
    {
        private long _invoicesUsed;

        public PosSale NextSale(PosSaleGenerator sales)
        {
            var line = sales.Next(random);
            return new PosSale(identity, line, SaleFrame.Build([line]), InvoiceNumbers.Format(firstInvoice, _invoicesUsed++));
        }
    }
}
