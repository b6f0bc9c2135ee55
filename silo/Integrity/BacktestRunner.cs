using System.Diagnostics;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.GrainInterfaces.Vault;
using Lottopar.Grains.Integrity;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Silo.Betting;
using Npgsql;

namespace Lottopar.Silo.Integrity;

/// <summary>
/// Replays stored history for a backtest: the betting event store in the order of receipt, and the
/// payments and vault streams from the stream log in the order of publication, merged by time, into
/// a <see cref="Backtest"/>. Reads only; raises nothing.
/// </summary>
public sealed class BacktestRunner(BettingEventStore bets, NpgsqlDataSource dataSource, Orleans.IGrainFactory grains, IReconciliationSource reconciliation, GrainInterfaces.Common.PersonalGrainKeys keys)
{
    public const int MaxDays = 31;

    public async Task<BacktestResult> RunAsync(string ruleId, BacktestRequest request, CancellationToken cancellationToken)
    {
        var rule = IntegrityRules.Find(ruleId) ?? throw new DomainNotFoundException($"There is no integrity rule '{ruleId}'.");
        var errors = new ValidationErrors();
        errors.Require(Backtest.CanRun(rule), "rule", $"{ruleId} judges no replayed event (a policy, or live blocks).");
        errors.Require(request.From is not null, "from", "The start, with its offset.");
        errors.Require(request.To is not null, "to", "The end (excluded), with its offset.");
        errors.Require(request.From is null || request.To is null || (request.To > request.From && request.To - request.From <= TimeSpan.FromDays(MaxDays)),
            "to", $"After from, at most {MaxDays} days later.");
        var current = (await grains.Keyed<IIntegrityRulebookGrain>(IntegrityRulebookGrain.DefaultKey).GetSnapshotAsync()).Of(ruleId)!;
        var parameters = RulebookRules.Merge(rule, current.Parameters, request.Parameters, errors);
        errors.ThrowIfAny();
        var setting = current with { Version = 0, Enabled = true, Severity = request.Severity ?? current.Severity, Parameters = parameters };
        var backtest = new Backtest(rule, setting, request.From!.Value, request.To!.Value);
        var started = Stopwatch.GetTimestamp();
        if (rule is OperatorReconciliationRule reconciliationRule)
        {
            await ReconcileAsync(reconciliationRule, setting, backtest, cancellationToken);
        }
        else
        {
            await ReplayAsync(backtest, cancellationToken);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new BacktestResult(ruleId, setting.Parameters, setting.Severity, backtest.From, backtest.To, backtest.EventsRead, backtest.Findings,
            backtest.AlertCount, backtest.Alerts(), Math.Round(seconds, 3), seconds > 0 ? Math.Round(backtest.EventsRead / seconds) : backtest.EventsRead);
    }

    /// <summary>The betting events, payments and vault events of the range (with the warm-up before it), in order.</summary>
    private async Task ReplayAsync(Backtest backtest, CancellationToken cancellationToken)
    {
        var others = await OtherEventsAsync(backtest.From - Backtest.WarmUp, backtest.To, cancellationToken);
        var next = 0;
        await foreach (var record in bets.EventsBetweenAsync(backtest.From - Backtest.WarmUp, backtest.To, cancellationToken))
        {
            for (; next < others.Count && others[next].At <= record.ReceivedAt; next++)
            {
                others[next].Feed(backtest);
            }

            backtest.Observe(IntegrityObservations.Of(record), record.ReceivedAt);
        }

        for (; next < others.Count; next++)
        {
            others[next].Feed(backtest);
        }
    }

    /// <summary>Each operator's hours the vault accepted files for in the range, both sides read as the live reconciliation reads them.</summary>
    private async Task ReconcileAsync(OperatorReconciliationRule rule, RuleSetting setting, Backtest backtest, CancellationToken cancellationToken)
    {
        var hours = new List<(string Oprid, DateTimeOffset Hour)>();
        await using (var command = dataSource.CreateCommand("select distinct oprid, hour from vault_files where accepted and hour >= $1 and hour < $2 order by hour, oprid"))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = backtest.From.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = backtest.To.ToUniversalTime() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                hours.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }
        }

        foreach (var (oprid, hour) in hours)
        {
            backtest.Observe(await reconciliation.ReadAsync(rule, setting, oprid, hour, cancellationToken));
        }
    }

    /// <summary>The settled payments, payout-key checks and vault events published in the range, in the order of publication.</summary>
    private async Task<List<(DateTimeOffset At, Action<Backtest> Feed)>> OtherEventsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            select stream_namespace, payload::text, published_at, event_type from stream_events
            where stream_namespace in ('{PaymentStreams.Namespace}', '{VaultStreams.Namespace}') and published_at >= $1 and published_at < $2
            order by published_at, id
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to });
        var events = new List<(DateTimeOffset, Action<Backtest>)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = reader.GetFieldValue<DateTimeOffset>(2);
            if (reader.GetString(3) == PaymentStreams.PayoutKeyChecked)
            {
                var check = RuntimeJson.Deserialize<PayoutKeyChecked>(reader.GetString(1))!;
                var seen = IntegrityObservations.Of(check, keys.Player(check.Cpf));
                events.Add((at, b => b.Observe(seen)));
            }
            else if (reader.GetString(0) == PaymentStreams.Namespace)
            {
                var payment = IntegrityObservations.Of(RuntimeJson.Deserialize<PaymentSettled>(reader.GetString(1))!);
                events.Add((at, b => b.Observe(payment)));
            }
            else
            {
                var vaultEvent = RuntimeJson.Deserialize<VaultEvent>(reader.GetString(1))!;
                events.Add((at, b => b.Observe(vaultEvent)));
            }
        }

        return events;
    }
}

public sealed record BacktestRequest(DateTimeOffset? From, DateTimeOffset? To, Dictionary<string, long>? Parameters, RuleSeverity? Severity);

/// <summary>What a rule would have raised over [from, to) with these settings: findings, alerts by subject, and how fast history was read.</summary>
public sealed record BacktestResult(
    string Rule, IReadOnlyDictionary<string, long> Parameters, RuleSeverity Severity, DateTimeOffset From, DateTimeOffset To,
    long EventsRead, long Findings, int Alerts, IReadOnlyList<BacktestAlert> AlertList, double Seconds, double EventsPerSecond);
