using Lottopar.GrainInterfaces.Integrity;
using Npgsql;

namespace Lottopar.Silo.Integrity;

/// <summary>The integrity_blocked_players table: written from the "integrity" stream (the archives below), read for the operators' lists.</summary>
public sealed class BlockedPlayersStore(NpgsqlDataSource dataSource)
{
    public const int MaxPage = 1_000;

    private const string Published = $"""
        from published p where p.stream_namespace = '{IntegrityStreams.Namespace}' and p.event_type = '{IntegrityStreams.PlayerBlockChanged}'
        """;

    /// <summary>A player put on an operator's list (again, after a lift: the row starts over).</summary>
    public const string BlockedArchiveSql = $"""
        insert into integrity_blocked_players (oprid, cpf, player_key, blocked, since, reason, by_whom)
        select p.payload->>'oprid', p.payload->>'cpf', p.payload->>'playerKey', true, (p.payload->>'at')::timestamptz, p.payload->>'reason', p.payload->>'by'
        {Published} and (p.payload->>'blocked')::boolean
        on conflict (oprid, cpf) do update set blocked = true, since = excluded.since, reason = excluded.reason, by_whom = excluded.by_whom,
            lifted_at = null, lifted_by = null, lift_reason = null
        """;

    /// <summary>A block LOTTOPAR lifted: the row stays, with who and why.</summary>
    public const string LiftedArchiveSql = $"""
        update integrity_blocked_players b set blocked = false, lifted_at = (p.payload->>'at')::timestamptz, lifted_by = p.payload->>'by', lift_reason = p.payload->>'reason'
        {Published} and not (p.payload->>'blocked')::boolean and b.oprid = p.payload->>'oprid' and b.cpf = p.payload->>'cpf'
        """;

    /// <summary>The players blocked now: at one operator, or at all; newest first.</summary>
    public async Task<IReadOnlyList<BlockedPlayer>> ListAsync(string? oprid, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select oprid, cpf, since, reason from integrity_blocked_players
            where blocked and ($1::text is null or oprid = $1) order by since desc, cpf limit $2
            """);
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = oprid });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Whether the player is blocked at the operator now.</summary>
    public async Task<BlockedPlayer?> FindAsync(string oprid, string cpf, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select oprid, cpf, since, reason from integrity_blocked_players where blocked and oprid = $1 and cpf = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = oprid });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = cpf });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<BlockedPlayer>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var players = new List<BlockedPlayer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            players.Add(new BlockedPlayer(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return players;
    }
}

/// <summary>A player on an operator's blocked list: since when and why.</summary>
public sealed record BlockedPlayer(string Oprid, string Cpf, DateTimeOffset Since, string Reason);
