using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Silo.Payments;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Integrity;

public sealed class IntegrityOptions
{
    public const string SectionName = "Lottopar:Integrity";

    public const string EnabledKey = SectionName + ":" + nameof(Enabled);

    /// <summary>The streams the integrity grains consume.</summary>
    public static readonly IReadOnlyList<string> ConsumedNamespaces =
        [GrainInterfaces.Betting.BettingStreams.Namespace, GrainInterfaces.Payments.PaymentStreams.Namespace, GrainInterfaces.Vault.VaultStreams.Namespace,
         GrainInterfaces.Lottery.LotteryStreams.Namespace];

    /// <summary>
    /// Whether the silo runs the integrity module: its grains' stream consumption and the risk monitor.
    /// On in every deployment; the tests of other domains turn it off, and the betting benchmark
    /// measures with it on and off.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the operators' risk is computed from their open alerts.</summary>
    public TimeSpan RiskInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Every <see cref="IntegrityOptions.RiskInterval"/>, each operator's open alerts go to its risk grain
/// under the policy in force (operators with none, once they had a risk, too, so they leave the
/// highlight). A grain publishes only a change.
/// </summary>
public sealed class OperatorRiskMonitor(
    OperatorRiskStore store, Orleans.IGrainFactory grains, TimeProvider clock, IOptions<IntegrityOptions> options, DatabaseOutage database,
    ILogger<OperatorRiskMonitor> logger) : BackgroundService
{
    /// <returns>The operators judged.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var rules = await grains.Keyed<IIntegrityRulebookGrain>(IntegrityRulebookGrain.DefaultKey).GetSnapshotAsync();
        var policy = rules.Of("operator_risk") ?? throw new InvalidOperationException("The rulebook has no operator_risk policy.");
        var open = await store.OpenAlertsAsync(clock.GetUtcNow(), cancellationToken);
        foreach (var (oprid, groups) in open)
        {
            await grains.Keyed<IOperatorRiskGrain>(oprid).UpdateAsync(groups, policy);
        }

        return open.Count;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PaymentRounds.RunAsync(async token => await RunOnceAsync(token), () => options.Value.RiskInterval, "operators' risk", clock, database, logger, stoppingToken);
}
