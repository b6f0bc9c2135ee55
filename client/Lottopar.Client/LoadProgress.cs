namespace Lottopar.Client;

/// <summary>A snapshot of a running load, for a progress bar.</summary>
/// <param name="Sent">Requests started.</param>
/// <param name="Completed">Requests answered or failed in transport.</param>
/// <param name="Accepted">Requests the platform accepted (201, replays included).</param>
/// <param name="Errors">Completed but not accepted: refusals and transport failures.</param>
/// <param name="CurrentRate">Completions per second since the previous snapshot.</param>
/// <param name="Fraction">How far the run is, 0 to 1, by time or by count.</param>
public sealed record LoadProgress(
    TimeSpan Elapsed, long Sent, long Completed, long Accepted, long Errors, long InFlight, double CurrentRate, double Fraction);
