using System.Collections.Concurrent;
using System.Net;
using Lottopar.Client.WebSale;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Client.Tests.WebSale;

/// <summary>The POS load runner: what it counts, the invoice numbers it uses, and one sale per terminal at a time.</summary>
public sealed class PosLoadRunnerTests
{
    private const string Ticket = "20261122042000280000000015";

    private static readonly IReadOnlyList<PosIdentity> Terminals = LoadTerminals.Create(42, 8, 1000, "ZLOAD");

    [Fact]
    public async Task EveryOutcomeIsCountedOnItsOwn()
    {
        var number = 0;
        var runner = new PosLoadRunner(Terminals, new PosSaleGenerator(["01"]), (_, _) =>
        {
            var n = Interlocked.Increment(ref number);
            return Outcome(n);
        }, seed: 1);

        var report = await runner.RunAsync(LoadPlan.ClosedLoop(workers: 8, maxEvents: 1000));

        var expected = Enumerable.Range(1, 1000).Select(Kind).GroupBy(kind => kind).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal((1000L, 1000L, 8), (report.Sent, report.Completed, report.Terminals));
        Assert.Equal(expected["ticket"], report.Tickets);
        Assert.Equal(expected["partial"], report.PartialTickets);
        Assert.Equal(new Dictionary<int, long> { [6] = expected["6"], [13] = expected["13"] }, report.ByRefusalCode.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(expected["6"] + expected["13"], report.Refused);
        Assert.Equal(expected["unexpected"], report.UnexpectedAnswers);
        Assert.Equal(new Dictionary<string, long> { ["HTTP 501"] = expected["501"], ["ConnectionError"] = expected["refused"] }, report.TransportErrors.ToDictionary());
        Assert.Equal(1000 - expected["501"] - expected["refused"], report.Latency.Count);
        Assert.False(report.Interrupted);
    }

    [Fact]
    public async Task EachTerminalCountsItsInvoicesUpFromTheClockAndALaterRunStartsAboveThem()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero), realTimers: true);
        var sales = new ConcurrentQueue<PosSale>();
        Task<SaleAnswer> Sell(PosSale sale, CancellationToken token)
        {
            sales.Enqueue(sale);
            clock.Advance(TimeSpan.FromMilliseconds(1)); // a sale takes at least a millisecond
            return Task.FromResult<SaleAnswer>(new TicketSold(Ticket));
        }

        var first = InvoiceNumbers.BaseAt(clock.GetUtcNow());
        await new PosLoadRunner(Terminals, new PosSaleGenerator(["01"]), Sell, seed: 2, clock).RunAsync(LoadPlan.ClosedLoop(workers: 4, maxEvents: 400));
        var firstRun = sales.ToList();
        sales.Clear();
        await new PosLoadRunner(Terminals, new PosSaleGenerator(["01"]), Sell, seed: 2, clock).RunAsync(LoadPlan.ClosedLoop(workers: 4, maxEvents: 400));

        foreach (var terminal in Terminals)
        {
            var invoices = firstRun.Where(s => s.Pos == terminal).Select(s => long.Parse(s.InvoiceNumber)).Order().ToList();
            Assert.Equal(Enumerable.Range(0, invoices.Count).Select(i => first + i), invoices);
        }

        Assert.All(firstRun.Concat(sales), sale => Assert.True(WebSaleRules.IsInvoiceNumber(sale.InvoiceNumber), sale.InvoiceNumber));
        var used = firstRun.Select(s => (s.Pos, s.InvoiceNumber)).ToHashSet();
        Assert.DoesNotContain(sales, s => used.Contains((s.Pos, s.InvoiceNumber)));
    }

    [Fact]
    public async Task ASaleIsTheGeneratedLineAsAOneRecordFrame()
    {
        var sales = new ConcurrentQueue<PosSale>();
        var runner = new PosLoadRunner(Terminals, new PosSaleGenerator(["13"], 150), (sale, _) =>
        {
            sales.Enqueue(sale);
            return Task.FromResult<SaleAnswer>(new TicketSold(Ticket));
        }, seed: 3);

        await runner.RunAsync(LoadPlan.ClosedLoop(workers: 2, maxEvents: 50));

        Assert.All(sales, sale =>
        {
            Assert.Equal($"13|{NumberTypes.Code(sale.Line.Type)}|{sale.Line.Number}|1.5;", sale.Frame);
            Assert.True(NumberTypes.IsZodiac(sale.Line.Type));
        });
    }

    [Fact]
    public async Task ATerminalNeverHasTwoSalesInFlightAndEveryTerminalSells()
    {
        await using var server = await FakeWebSale.StartAsync(_ => WebSaleReply.Ok(Ticket), latency: TimeSpan.FromMilliseconds(2));
        using var http = server.CreateHttpClient();
        var runner = new PosLoadRunner(Terminals, new PosSaleGenerator(["01", "02", "13"]), new PosClient(http), seed: 4);

        // Far more workers than terminals: the runner must hold the extra ones back. A count, not a duration,
        // so that this test does not take the machine from the timing-sensitive tests running beside it.
        var report = await runner.RunAsync(LoadPlan.ClosedLoop(workers: 40, maxEvents: 400));

        Assert.Empty(server.Violations);
        Assert.Equal((400L, 400L), (report.Sent, report.Tickets));
        Assert.Equal(Terminals.Select(t => t.PosCode.ToString()).Order(), server.Calls.Select(c => c["poscod"]).Distinct().Order());
        Assert.All(server.Calls, call => Assert.Equal(Terminals.Single(t => t.PosCode.ToString() == call["poscod"]).PrinterSerial, call["serialifa"]));
    }

    [Fact]
    public async Task AnOpenLoopSendsItsScheduleAtItsPaceAndReportsProgress()
    {
        await using var server = await FakeWebSale.StartAsync(_ => WebSaleReply.Ok(Ticket));
        using var http = server.CreateHttpClient();
        var client = new PosClient(http);
        var terminals = LoadTerminals.Create(42, 32, 2000, "ZOPEN");
        var runner = new PosLoadRunner(terminals, new PosSaleGenerator(["05"]), client, seed: 5);
        var snapshots = new ConcurrentQueue<LoadProgress>();
        // The first requests of a process pay for JIT and connections (up to a second here), which would make a
        // short open loop with few terminals miss much of its schedule; this test is about the schedule.
        await Task.WhenAll(terminals.Select(pos => client.SellAsync(pos, "05|01|123|0.1;", "99999999")));
        server.Calls.Clear();

        // Bounded by a count, not a duration: on a loaded test machine a one-second window can pass before the
        // senders get a thread, and every sale would count as missed.
        var plan = LoadPlan.OpenLoop(100, maxEvents: 60) with { ProgressInterval = TimeSpan.FromMilliseconds(100) };
        var report = await runner.RunAsync(plan, snapshots.Enqueue);

        Assert.Equal(60, report.Sent);

        // Paced, not sent at once: the 60th sale falls due 0.59 s after the start.
        Assert.True(report.Elapsed >= TimeSpan.FromSeconds(0.55), $"60 sales at 100/s took {report.Elapsed}");
        Assert.Equal(report.Sent, report.Tickets);
        Assert.Equal(report.Sent, report.Latency.Count);
        Assert.Equal(report.Sent, server.Calls.Count);
        // How often progress comes is LoadSchedule's, tested with LoadRunner; here: it comes, and counts tickets.
        Assert.Contains(snapshots, s => s.Fraction < 1);
        var last = snapshots.Last();
        Assert.Equal((report.Sent, report.Tickets, 0L, 1.0), (last.Sent, last.Accepted, last.Errors, last.Fraction));
    }

    [Fact]
    public async Task AFailingSellFunctionAbortsTheRun()
    {
        var runner = new PosLoadRunner(Terminals, new PosSaleGenerator(["01"]), (_, _) => throw new InvalidOperationException("bug in the seller"), seed: 6);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(LoadPlan.OpenLoop(100, TimeSpan.FromSeconds(30))));

        Assert.Equal("bug in the seller", failure.Message);
    }

    /// <summary>What the n-th sale (from 1) is answered, in words; <see cref="Outcome"/> plays it.</summary>
    private static string Kind(int n) => n switch
    {
        _ when n % 5 == 0 => "6",
        _ when n % 7 == 0 => "partial",
        _ when n % 11 == 0 => "unexpected",
        _ when n % 13 == 0 => "501",
        _ when n % 17 == 0 => "refused",
        _ when n % 19 == 0 => "13",
        _ => "ticket",
    };

    private static Task<SaleAnswer> Outcome(int n) => Kind(n) switch
    {
        "6" => Task.FromResult(SaleAnswer.Parse("6")),
        "13" => Task.FromResult(SaleAnswer.Parse("13")),
        "partial" => Task.FromResult(SaleAnswer.Parse($"{Ticket};01|01|0;")),
        "unexpected" => Task.FromException<SaleAnswer>(new UnexpectedAnswerException(WebSaleOperation.Sale, "??")),
        "501" => Task.FromException<SaleAnswer>(new HttpRequestException("HTTP 501", null, HttpStatusCode.NotImplemented)),
        "refused" => Task.FromException<SaleAnswer>(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")),
        _ => Task.FromResult(SaleAnswer.Parse(Ticket)),
    };
}
