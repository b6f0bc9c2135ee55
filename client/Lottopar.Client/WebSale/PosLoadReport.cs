namespace Lottopar.Client.WebSale;

/// <summary>
/// The outcome of a POS load run. The POS counterpart of <see cref="LoadReport"/>, whose tallies (HTTP statuses,
/// problem codes, flags) are those of the JSON API: here every answer is a 200 and the outcome is in the body.
/// </summary>
public sealed record PosLoadReport
{
    public required LoadPlan Plan { get; init; }

    public required int Terminals { get; init; }

    /// <summary>From the first sale started to the last one completed.</summary>
    public required TimeSpan Elapsed { get; init; }

    public required long Sent { get; init; }

    /// <summary>Answered or failed in transport.</summary>
    public required long Completed { get; init; }

    /// <summary>Sales answered with a ticket number: every record sold in full.</summary>
    public required long Tickets { get; init; }

    /// <summary>Sales answered with a ticket and what each record sold, short of what was asked.</summary>
    public required long PartialTickets { get; init; }

    /// <summary>Refused sales per code (0 frame, 6 nothing available, 7 draw closed, 13 invoice, ...).</summary>
    public required IReadOnlyDictionary<int, long> ByRefusalCode { get; init; }

    /// <summary>HTTP 200 answers that were none of the sale's forms.</summary>
    public required long UnexpectedAnswers { get; init; }

    /// <summary>Sales that got no answer of the protocol, per reason: "HTTP 501", "ConnectionError", "Timeout", ...</summary>
    public required IReadOnlyDictionary<string, long> TransportErrors { get; init; }

    /// <summary>Open loop: sales the schedule called for that never started (see <see cref="LoadReport.Missed"/>).</summary>
    public required long Missed { get; init; }

    /// <summary>Latency of every answer: tickets, partial tickets, refusals and unexpected bodies.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>The run was cancelled before its end.</summary>
    public required bool Interrupted { get; init; }

    public long Refused => ByRefusalCode.Values.Sum();

    /// <summary>Completed sales per second.</summary>
    public double Throughput => Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0;

    /// <summary>Tickets issued (full or partial) per second.</summary>
    public double TicketThroughput => Elapsed > TimeSpan.Zero ? (Tickets + PartialTickets) / Elapsed.TotalSeconds : 0;
}
