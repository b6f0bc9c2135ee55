namespace Lottopar.Silo.Cluster;

/// <summary>
/// How this process joins the Orleans cluster, bound from "Lottopar:Orleans". Every silo of one
/// deployment shares the cluster and service ids and the PostgreSQL database (membership and
/// reminders live there); each has its own ports.
/// </summary>
public sealed class OrleansSiloOptions
{
    public const string SectionName = "Lottopar:Orleans";

    /// <summary>The membership group: silos with the same id on the same database form one cluster.</summary>
    public string ClusterId { get; set; } = "lottopar";

    /// <summary>Names the service across redeployments: reminders are kept under it.</summary>
    public string ServiceId { get; set; } = "lottopar";

    /// <summary>The address other silos and clients reach this one on.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port; 0 picks a free one (tests).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for Orleans clients (the load tools in client/); 0 picks a free one.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// How long a silo waits for a probe's answer. With <see cref="NumMissedProbesLimit"/> missed
    /// probes a peer is suspected and voted dead: about ProbeTimeout x NumMissedProbesLimit after a
    /// kill -9 (docs/architecture.md). Orleans lengthens the timeout while the prober itself is
    /// degraded, so a busy silo is not taken for a dead one.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// Grain locations this silo remembers (least recently used first out). Orleans' default is a
    /// million, and the dashboard's counters count the cache by walking it every second: with every
    /// bet slip ever activated in it, that walk alone took a tenth of the silo's CPU under the
    /// betting benchmark. The hot grains (operators, betting players) fit in far less.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 100_000;

    /// <summary>
    /// How often the dashboard samples its counters (at least a second; Orleans' default is a
    /// second). Each sample collects every Orleans instrument, walking the directory cache and the
    /// activations: under the integrity benchmark, with a watch activation per player, collecting
    /// every second took close to a tenth of the silo's CPU. Five seconds keep 100 samples (over
    /// eight minutes) of history and a fifth of that cost.
    /// </summary>
    public TimeSpan DashboardCounterInterval { get; set; } = TimeSpan.FromSeconds(5);
}
