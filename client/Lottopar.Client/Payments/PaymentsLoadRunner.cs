using System.Text.Json;
using System.Threading.Channels;

namespace Lottopar.Client.Payments;

/// <summary>
/// Offers payments to the platform, one kind per run (<see cref="PaymentsLoadKind"/>), and measures what
/// ends well: deposits settled end to end (created, paid at the PSP, notified, read back as completed),
/// payouts completed, CPFs validated; every other ending is counted by reason.
/// </summary>
/// <remarks>
/// <para>
/// Every deposit and validation names a new valid CPF (never one earlier in the runner's life), as new
/// players do. A payout goes to one of the runner's players, each with one payout in flight at a time,
/// whose payout account (their CPF as PIX key) is registered before the first run that needs it.
/// </para>
/// <para>
/// Against the floor (<see cref="FloorAddress"/>) the same calls are answered by an endpoint that only
/// stores them: a 2xx is a success, a deposit's create call is all there is, and no account is registered.
/// Only transport failures are expected exceptions; the run's timing is <see cref="LoadRunner"/>'s.
/// </para>
/// </remarks>
public sealed class PaymentsLoadRunner
{
    /// <summary>How often a pending deposit's status is read.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>A deposit not settled this long after its creation counts as failed.</summary>
    public static readonly TimeSpan DefaultSettleTimeout = TimeSpan.FromSeconds(30);

    private const string FloorPrefix = "benchmarks/payments-floor/";

    private readonly LottoparClient _client;
    private readonly PaymentsLoadKind _kind;
    private readonly bool _floor;
    private readonly long _amount;
    private readonly TimeSpan _settleTimeout;
    private readonly TimeProvider _time;
    private readonly PlayerCpfs _cpfs = new();
    private readonly List<string> _payees = [];
    private long _references;

    /// <param name="client">The platform's client, or the floor's (a client whose base address is <see cref="FloorAddress"/>).</param>
    /// <param name="floor">The client reaches the floor: success is a 2xx, nothing is polled or registered.</param>
    /// <param name="amount">Centavos of every deposit and payout.</param>
    public PaymentsLoadRunner(
        LottoparClient client, PaymentsLoadKind kind, bool floor = false, long amount = 1_000, TimeSpan? settleTimeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        _client = client;
        _kind = kind;
        _floor = floor;
        _amount = amount;
        _settleTimeout = settleTimeout ?? DefaultSettleTimeout;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Where the benchmark's floor answers the platform's payment and CPF calls, under the platform's address.</summary>
    public static Uri FloorAddress(Uri platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return new Uri(platform.AbsoluteUri.EndsWith('/') ? platform : new Uri(platform.AbsoluteUri + "/"), FloorPrefix);
    }

    /// <summary>
    /// Runs <paramref name="plan"/> and returns its report once every started payment has ended. Payouts first
    /// register the accounts of as many players as the plan has in flight (not timed; kept for later runs).
    /// </summary>
    /// <exception cref="PaymentsLoadSetupException">The platform refused a payout account.</exception>
    public async Task<PaymentsLoadReport> RunAsync(LoadPlan plan, Action<LoadProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var idlePayees = _kind == PaymentsLoadKind.CashOut ? await IdlePayeesAsync(plan.Concurrency, cancellationToken).ConfigureAwait(false) : null;
        var counters = new PaymentsLoadCounters();
        var (elapsed, interrupted) = await new LoadSchedule(_time).RunAsync(
            plan,
            plan.Concurrency,
            counters,
            token => _kind switch
            {
                PaymentsLoadKind.CashIn => CountedAsync(counters, () => CashInAsync(counters, token), token),
                PaymentsLoadKind.CashOut => PayOutAsync(counters, idlePayees!, token),
                _ => CountedAsync(counters, () => ValidateCpfAsync(counters, token), token),
            },
            onProgress,
            cancellationToken).ConfigureAwait(false);
        return counters.Report(_kind, _floor, plan, elapsed, interrupted);
    }

    /// <summary>Runs one payment and tallies how it ended: its latency on success, its reason otherwise.</summary>
    private static async Task CountedAsync(PaymentsLoadCounters counters, Func<Task<(TimeSpan? Latency, string? Failure)>> payment, CancellationToken token)
    {
        counters.Started();
        try
        {
            var (latency, failure) = await payment().ConfigureAwait(false);
            if (failure is null)
            {
                counters.Succeeded(latency!.Value);
            }
            else
            {
                counters.Failed(failure);
            }
        }
        catch (HttpRequestException e)
        {
            counters.Failed($"no answer: {(e.HttpRequestError == HttpRequestError.Unknown ? "HttpError" : e.HttpRequestError.ToString())}");
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // Not our cancellation: the HttpClient's own timeout.
            counters.Failed("no answer: Timeout");
        }
    }

    private async Task<(TimeSpan? Latency, string? Failure)> CashInAsync(PaymentsLoadCounters counters, CancellationToken token)
    {
        var started = _time.GetTimestamp();
        var created = await _client.CashInAsync(_cpfs.Next(Random.Shared), _amount, NextReference("dep"), null, Guid.NewGuid().ToString(), token).ConfigureAwait(false);
        if (created.Document is not { } deposit)
        {
            return (null, Refusal(created));
        }

        if (_floor)
        {
            return (_time.GetElapsedTime(started), null);
        }

        var id = deposit.GetProperty("id").GetString()!;
        var status = StatusOf(deposit);
        while (status == "pending")
        {
            if (_time.GetElapsedTime(started) >= _settleTimeout)
            {
                return (null, FormattableString.Invariant($"not settled within {_settleTimeout.TotalSeconds:0.###} s"));
            }

            await Task.Delay(PollInterval, _time, token).ConfigureAwait(false);
            counters.Polled();
            var read = await _client.GetPaymentAsync(id, token).ConfigureAwait(false);
            if (read.Document is not { } payment)
            {
                return (null, "GET " + Refusal(read));
            }

            status = StatusOf(payment);
        }

        return status == "completed" ? (_time.GetElapsedTime(started), null) : (null, $"payment {status}");
    }

    private async Task PayOutAsync(PaymentsLoadCounters counters, Channel<string> idlePayees, CancellationToken token)
    {
        var payee = await idlePayees.Reader.ReadAsync(token).ConfigureAwait(false);
        try
        {
            await CountedAsync(counters, async () =>
            {
                var started = _time.GetTimestamp();
                var answer = await _client.CashOutAsync(payee, _amount, NextReference("saque"), Guid.NewGuid().ToString(), token).ConfigureAwait(false);
                return answer.Document is not { } payout ? (null, Refusal(answer))
                    : _floor || StatusOf(payout) == "completed" ? (_time.GetElapsedTime(started), null)
                    : (null, $"payment {StatusOf(payout)}");
            }, token).ConfigureAwait(false);
        }
        finally
        {
            idlePayees.Writer.TryWrite(payee);
        }
    }

    private async Task<(TimeSpan? Latency, string? Failure)> ValidateCpfAsync(PaymentsLoadCounters counters, CancellationToken token)
    {
        var started = _time.GetTimestamp();
        var answer = await _client.ValidateCpfAsync(_cpfs.Next(Random.Shared), token).ConfigureAwait(false);
        if (answer.Document is not { } validation)
        {
            return (null, Refusal(answer));
        }

        if (validation.TryGetProperty("allowed", out var allowed) && allowed.ValueKind == JsonValueKind.False)
        {
            counters.CpfRefused();
        }

        return (_time.GetElapsedTime(started), null);
    }

    /// <summary>The players payouts go to, one per call in flight, each with a registered payout account (their CPF as PIX key); none on the floor.</summary>
    private async Task<Channel<string>> IdlePayeesAsync(int count, CancellationToken token)
    {
        if (!_floor && _payees.Count < count)
        {
            var added = Enumerable.Range(0, count - _payees.Count).Select(_ => Digits(_cpfs.Next(Random.Shared))).ToList();
            await Task.WhenAll(added.Select(cpf => RegisterAsync(cpf, token))).ConfigureAwait(false);
            _payees.AddRange(added);
        }

        var idle = Channel.CreateUnbounded<string>();
        foreach (var payee in _floor ? Enumerable.Range(0, count).Select(_ => Digits(_cpfs.Next(Random.Shared))) : _payees)
        {
            idle.Writer.TryWrite(payee);
        }

        return idle;
    }

    private async Task RegisterAsync(string cpf, CancellationToken token)
    {
        var answer = await _client.SetPayoutAccountAsync(cpf, cpf, token).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw new PaymentsLoadSetupException($"PUT /players/payout-account for {Cpfs.Mask(cpf)} answered {Refusal(answer)}.");
        }
    }

    private string NextReference(string prefix) => $"load-{prefix}-{Interlocked.Increment(ref _references)}";

    private static string StatusOf(JsonElement payment) =>
        payment.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString()! : "without a status";

    /// <summary>"HTTP 503 dependency_unavailable": the status and the problem's code, when it has one.</summary>
    private static string Refusal(ReadResult answer) =>
        answer.Problem?.Code is { } code ? $"HTTP {(int)answer.StatusCode} {code}" : $"HTTP {(int)answer.StatusCode}";

    /// <summary>The 11 digits of a formatted CPF: the form a CPF takes as a PIX key.</summary>
    private static string Digits(string cpf) => string.Concat(cpf.Where(char.IsAsciiDigit));
}
