using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Common;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Lottopar.Grains.Lottery;
using Lottopar.Providers.PostgreSql.Storage;
using Npgsql;

namespace Lottopar.Silo.Integrity;

/// <summary>
/// The obligations still open, read from PostgreSQL (and, for lottery prizes, the draws' published
/// results and the pay table from their grains).
/// </summary>
public sealed class DeadlineSource(NpgsqlDataSource dataSource, Orleans.IGrainFactory grains) : IDeadlineSource
{
    /// <summary>How long before its events end a bet may have been placed and still be looked at.</summary>
    public static readonly TimeSpan BetsPlacedAhead = TimeSpan.FromDays(7);

    public Task<IReadOnlyList<OpenObligation>> OpenAsync(ObligationKind kind, DateTimeOffset from, DateTimeOffset to, RuleSetting setting, CancellationToken cancellationToken) => kind switch
    {
        ObligationKind.ResultReport => ResultsAsync(from, to, cancellationToken),
        ObligationKind.LotteryPrizeClaim => PrizesAsync(from, to, cancellationToken),
        ObligationKind.SuspicionReport => SuspicionsAsync(from, to, cancellationToken),
        ObligationKind.AccountClosure => ClosuresAsync(from, to, cancellationToken),
        ObligationKind.BonusWagering => BonusWithdrawalsAsync(from, to, setting, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Bets whose events ended in the range and whose slip has no result nor cancellation.</summary>
    private async Task<IReadOnlyList<OpenObligation>> ResultsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select b.oprid, b.bet_slip_id, b.ended, b.stake, b.event_id::text from (
                select e.oprid, e.bet_slip_id, e.event_id, (e.payload->'event'->>'totalStake')::bigint as stake,
                       coalesce((select max((l->>'eventEndTime')::timestamptz) from jsonb_array_elements(e.payload->'event'->'betLegs') l),
                                (select max((l->>'eventStartTime')::timestamptz) from jsonb_array_elements(e.payload->'event'->'betLegs') l),
                                e.event_date) as ended
                from betting_events e
                where e.event = 'new_bet' and e.received_at >= $3) b
            where b.ended >= $1 and b.ended < $2
              and not exists (select 1 from betting_events r where r.oprid = b.oprid and r.bet_slip_id = b.bet_slip_id and r.event in ('result', 'cancellation'))
            order by b.ended
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = (from - BetsPlacedAhead).ToUniversalTime() });
        var open = new List<OpenObligation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            open.Add(new OpenObligation(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3), "new_bet " + reader.GetString(4)));
        }

        return open;
    }

    /// <summary>Tickets still sold (not paid nor cancelled) whose draws' results, all published, were published in the range, and that win.</summary>
    private async Task<IReadOnlyList<OpenObligation>> PrizesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var tickets = new List<(string Number, string Oprid, int Provider, int Pos, DateOnly Day, IReadOnlyList<TicketLine> Lines)>();
        await using (var command = dataSource.CreateCommand("""
            select ticket_number, oprid, provider_code, pos_code, sale_date, lines::text from lottery_tickets
            where status = 'sold' and sale_date >= $1 and sale_date <= $2 order by sale_date, id
            """))
        {
            // A result is published on its draw's day or later: the tickets of the range's days and the week before.
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = BrasiliaTime.Today(from).AddDays(-7) });
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = BrasiliaTime.Today(to) });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tickets.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetFieldValue<DateOnly>(4),
                    JsonSerializer.Deserialize<List<TicketLine>>(reader.GetString(5), RuntimeJson.Options)!));
            }
        }

        if (tickets.Count == 0)
        {
            return [];
        }

        var payTable = (await grains.Keyed<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync()).Catalog.PayTable;
        var draws = new Dictionary<DrawDayKey, DrawResultView>();
        var open = new List<OpenObligation>();
        foreach (var ticket in tickets)
        {
            var views = new List<DrawResultView>();
            foreach (var code in ticket.Lines.Select(l => l.DrawCode).Distinct())
            {
                var key = new DrawDayKey(code, ticket.Day);
                if (!draws.TryGetValue(key, out var view))
                {
                    draws[key] = view = await grains.Keyed<ILotteryDrawGrain>(key.ToString()).GetAsync();
                }

                views.Add(view);
            }

            if (views.Any(v => v.PublishedAt is null))
            {
                continue;
            }

            var prize = PrizeRules.PrizeOf(ticket.Lines, code => views.First(v => v.DrawCode == code).Published, payTable) ?? 0;
            var published = views.Max(v => v.PublishedAt!.Value);
            if (prize > 0 && published >= from && published < to)
            {
                open.Add(new OpenObligation(ticket.Oprid, ticket.Number, published, prize,
                    $"terminal {ticket.Provider}-{ticket.Pos}, {string.Join(", ", views.Select(v => v.DrawCode))} de {Evidence.Day(ticket.Day)}"));
            }
        }

        return open;
    }

    /// <summary>Cases classified as match-fixing in the range, without a report to an authority, not closed as a false positive.</summary>
    private async Task<IReadOnlyList<OpenObligation>> SuspicionsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select case_id::text, (view->>'categorizedAt')::timestamptz, view->>'title' from integrity_cases
            where view->>'category' = 'match_fixing' and coalesce(jsonb_array_length(view->'reports'), 0) = 0
              and coalesce(resolution, '') <> 'false_positive'
              and (view->>'categorizedAt')::timestamptz >= $1 and (view->>'categorizedAt')::timestamptz < $2
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to.ToUniversalTime() });
        var open = new List<OpenObligation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            open.Add(new OpenObligation(null, reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), 0, reader.GetString(2)));
        }

        return open;
    }

    /// <summary>
    /// Requests to close an account made in the range and not met: the players who asked (the partial
    /// index of migration 0030 finds them), every status record of theirs since the range began, and
    /// the corrections and annulments of those records; <see cref="AccountClosures"/> judges.
    /// </summary>
    private async Task<IReadOnlyList<OpenObligation>> ClosuresAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var records = await PlayerRecordsAsync("""
            with asked as (
                select distinct oprid, cpf from vault_records
                where record_type in ('registration', 'registration_update', 'correction') and xml like '%<status>closure_requested</status>%'
                  and at >= $1 and cpf is not null)
            select r.oprid, r.cpf, r.record_id, r.record_type, r.at, r.xml
            from vault_records r join asked a on a.oprid = r.oprid and a.cpf = r.cpf
            where r.record_type in ('registration', 'registration_update') and r.at >= $1
            """, from, cancellationToken); // a correction's at is when it was made, after its request; the request itself is judged by its own at
        return records.Count == 0 ? [] : AccountClosures.Open(records, await ReplacementsAsync(records, cancellationToken), from, to);
    }

    /// <summary>
    /// Completed withdrawals in the range with a bonus of the same player and operator in the rule's
    /// window before them: the players with a bonus since the window began (migration 0031's partial
    /// index), their bonuses, bets and withdrawals since then, as last corrected; <see cref="BonusWithdrawals"/> judges.
    /// </summary>
    private async Task<IReadOnlyList<OpenObligation>> BonusWithdrawalsAsync(DateTimeOffset from, DateTimeOffset to, RuleSetting setting, CancellationToken cancellationToken)
    {
        var window = BonusWithdrawalRule.Window(setting);
        var records = await PlayerRecordsAsync("""
            with credited as (
                select distinct oprid, cpf from vault_records where record_type = 'bonus' and at >= $1 and cpf is not null)
            select r.oprid, r.cpf, r.record_id, r.record_type, r.at, r.xml
            from vault_records r join credited c on c.oprid = r.oprid and c.cpf = r.cpf
            where r.record_type in ('bonus', 'bet', 'withdrawal') and r.at >= $1
            """, from - window, cancellationToken);
        return records.Count == 0
            ? []
            : BonusWithdrawals.Flagged(records, await ReplacementsAsync(records, cancellationToken), from, to, window, setting[BonusWithdrawalRule.WageringPercent]);
    }

    /// <summary>Player records (oprid, cpf, record_id, record_type, at, xml) read by <paramref name="sql"/> with its one parameter, the instant records are read from.</summary>
    private async Task<List<PlayerVaultRecord>> PlayerRecordsAsync(string sql, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var records = new List<PlayerVaultRecord>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = since.ToUniversalTime() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new PlayerVaultRecord(reader.GetString(0), reader.GetString(1),
                new StoredVaultRecord(reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5))));
        }

        return records;
    }

    /// <summary>The corrections and annulments naming any of the records, oldest first.</summary>
    private async Task<List<StoredVaultRecord>> ReplacementsAsync(IReadOnlyList<PlayerVaultRecord> records, CancellationToken cancellationToken)
    {
        var replacements = new List<StoredVaultRecord>();
        await using var command = dataSource.CreateCommand("""
            select r.record_id, r.record_type, r.at, r.xml
            from vault_records r join unnest($1::text[], $2::text[]) as named (oprid, record_id) on r.oprid = named.oprid and r.replaces_id = named.record_id
            where r.record_type in ('correction', 'annulment') order by r.at, r.record_id
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. records.Select(r => r.Oprid)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. records.Select(r => r.Record.RecordId)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            replacements.Add(new StoredVaultRecord(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return replacements;
    }
}
