using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Vault;
using Lottopar.Grains.Common;
using Lottopar.Grains.Vault;
using Lottopar.Silo.Apis;
using Lottopar.Silo.BackOffice.Security;
using Lottopar.Silo.Integrity;
using Lottopar.Silo.Reports;
using Lottopar.Silo.Vault;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.BackOffice.Data;

/// <summary>
/// The home page's numbers for a scope: each operator's activity today (Brasília), its open alerts
/// and risk, and its vault's last hours. Read from the aggregates and the grains, never by scanning events.
/// </summary>
public sealed class HomeOverview(
    ReadModels operators, OperatorActivity activity, OperatorRiskStore risk, VaultFileStore vaultFiles, Orleans.IGrainFactory grains,
    IOptions<VaultRules> vaultRules, TimeProvider clock)
{
    /// <summary>How many finished hours the vault grid shows, ending with the hour before the current one.</summary>
    public const int VaultHoursShown = 12;

    public async Task<HomeView> ReadAsync(OfficeScope scope, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = BrasiliaTime.Today(now);
        var listed = (await operators.OperatorsAsync(status: null, cancellationToken)).Where(o => scope.Includes(o.Oprid)).ToList();
        var oprids = listed.Select(o => o.Oprid).ToArray();

        var activityToday = (await activity.DailyAsync(oprids, today, today, cancellationToken)).ToDictionary(d => d.Oprid, d => d.Activity);
        var openAlerts = await risk.OpenAlertsAsync(now, cancellationToken);
        var risks = (await risk.ListAsync(oprid: null, highlightedOnly: false, cancellationToken)).ToDictionary(r => r.Oprid);

        var currentHour = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero);
        var hours = Enumerable.Range(1, VaultHoursShown).Select(i => currentHour.AddHours(-VaultHoursShown - 1 + i)).ToArray();
        var files = (await vaultFiles.HoursAsync(oprids, hours[0], currentHour, cancellationToken)).ToDictionary(f => (f.Oprid, f.Hour));

        var rows = new List<HomeOperatorRow>(listed.Count);
        foreach (var summary in listed)
        {
            var missing = (await grains.Keyed<IVaultGrain>(summary.Oprid).GetStatusAsync()).HoursMissing.ToHashSet();
            var vault = hours.Select(h => new VaultHourCell(h, VaultHourStates.Of(files.GetValueOrDefault((summary.Oprid, h)), missing.Contains(h), vaultRules.Value.Grace))).ToList();
            var operatorRisk = risks.GetValueOrDefault(summary.Oprid);
            rows.Add(new HomeOperatorRow(
                summary.Oprid, summary.LegalName, activityToday.GetValueOrDefault(summary.Oprid) ?? ActivityTotals.None,
                openAlerts.GetValueOrDefault(summary.Oprid)?.Sum(g => g.Count) ?? 0, operatorRisk?.Risk ?? 0, operatorRisk?.Highlighted ?? false, vault));
        }

        return new HomeView(today, now, hours, rows);
    }
}

/// <summary>The home page: today (Brasília), when it was read, the vault grid's hours, one row per operator in scope.</summary>
public sealed record HomeView(DateOnly Today, DateTimeOffset ReadAt, IReadOnlyList<DateTimeOffset> VaultHours, IReadOnlyList<HomeOperatorRow> Operators)
{
    public ActivityTotals Total => Operators.Select(o => o.Today).Aggregate(ActivityTotals.None, (sum, day) => sum + day);

    public IEnumerable<HomeOperatorRow> Highlighted => Operators.Where(o => o.Highlighted).OrderByDescending(o => o.Risk);
}

public sealed record HomeOperatorRow(string Oprid, string Name, ActivityTotals Today, int OpenAlerts, long Risk, bool Highlighted, IReadOnlyList<VaultHourCell> Vault);

public sealed record VaultHourCell(DateTimeOffset Hour, VaultHourState State);
