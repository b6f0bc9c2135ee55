namespace Lottopar.Client.Payments;

/// <summary>The outcome of a payments load run (<see cref="PaymentsLoadRunner"/>).</summary>
public sealed record PaymentsLoadReport
{
    public required PaymentsLoadKind Kind { get; init; }

    /// <summary>The calls went to the benchmark's floor, which only stores each request.</summary>
    public required bool Floor { get; init; }

    public required LoadPlan Plan { get; init; }

    /// <summary>From the first call to the last payment settled or given up.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Payments (or validations) started.</summary>
    public required long Sent { get; init; }

    /// <summary>Started and ended: succeeded, failed, or given up.</summary>
    public required long Completed { get; init; }

    /// <summary>Deposits settled, payouts completed, CPFs validated (allowed or not); on the floor, calls answered 2xx.</summary>
    public required long Succeeded { get; init; }

    /// <summary>CPF validations answered "not allowed": succeeded as calls, counted apart.</summary>
    public required long CpfRefused { get; init; }

    /// <summary>Reads of a deposit's status (<c>GET /payments/{id}</c>) while waiting for it to settle.</summary>
    public required long Polls { get; init; }

    /// <summary>What did not succeed, per reason: "HTTP 503 dependency_unavailable", "payment pending", "not settled within 30 s", "no answer: Timeout", ...</summary>
    public required IReadOnlyDictionary<string, long> Failures { get; init; }

    /// <summary>Open loop: calls the schedule called for that never started.</summary>
    public required long Missed { get; init; }

    /// <summary>Latency of the successes only: a deposit from its creation to the read that saw it settled; anything else, the call.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>The run was cancelled before its end.</summary>
    public required bool Interrupted { get; init; }

    public long Failed => Failures.Values.Sum();

    /// <summary>Every call started succeeded and the run was not cut short.</summary>
    public bool AllSucceeded => Succeeded == Sent && Missed == 0 && !Interrupted;

    /// <summary>Successes per second.</summary>
    public double Throughput => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;
}
