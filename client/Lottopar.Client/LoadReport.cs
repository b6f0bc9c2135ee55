namespace Lottopar.Client;

/// <summary>The outcome of a load run.</summary>
public sealed record LoadReport
{
    public required LoadPlan Plan { get; init; }

    /// <summary>From the first event started to the last one completed.</summary>
    public required TimeSpan Elapsed { get; init; }

    public required long Sent { get; init; }

    /// <summary>Answered (any status) or failed in transport.</summary>
    public required long Completed { get; init; }

    /// <summary>Accepted by the platform, replays included.</summary>
    public required long Accepted { get; init; }

    /// <summary>Accepted as a replay of an event the platform already had.</summary>
    public required long Replayed { get; init; }

    /// <summary>
    /// Open loop: events the schedule called for that never started, because the in-flight cap (or the number
    /// of players) held them until the run ended. Non-zero means the target rate was not offered.
    /// </summary>
    public required long Missed { get; init; }

    /// <summary>Answers per HTTP status code.</summary>
    public required IReadOnlyDictionary<int, long> ByStatus { get; init; }

    /// <summary>Refusals per problem <c>code</c>.</summary>
    public required IReadOnlyDictionary<string, long> ByProblemCode { get; init; }

    /// <summary>Accepted events per flag the platform raised (a load test should raise no <c>balance_discontinuity</c>).</summary>
    public required IReadOnlyDictionary<string, long> ByFlag { get; init; }

    /// <summary>Requests that got no answer, per reason (connection refused, timeout, ...).</summary>
    public required IReadOnlyDictionary<string, long> TransportErrors { get; init; }

    /// <summary>Latency of the answered requests.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>The run was cancelled before its end.</summary>
    public required bool Interrupted { get; init; }

    /// <summary>Answered with anything but acceptance.</summary>
    public long Rejected => Completed - Accepted - TransportErrors.Values.Sum();

    /// <summary>Completed requests per second.</summary>
    public double Throughput => Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0;

    /// <summary>Accepted events per second.</summary>
    public double AcceptedThroughput => Elapsed > TimeSpan.Zero ? Accepted / Elapsed.TotalSeconds : 0;
}
