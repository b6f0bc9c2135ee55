namespace Lottopar.Client;

/// <summary>What a <see cref="LoadSchedule"/> reads for progress snapshots and tells about slots it never started.</summary>
internal interface ILoadTally
{
    /// <summary>Requests started.</summary>
    long Sent { get; }

    /// <summary>Requests answered or failed in transport.</summary>
    long Completed { get; }

    /// <summary>Requests that got the answer the workload hoped for.</summary>
    long Accepted { get; }

    /// <summary>Open loop: one request fell due but never started before the time was up.</summary>
    void MissedOne();
}
