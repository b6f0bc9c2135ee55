using Lottopar.GrainInterfaces.Common;
using Npgsql;

namespace Lottopar.Silo.Startup;

/// <summary>
/// A staff account's row is stored under a keyed hash of its e-mail
/// (<see cref="PersonalGrainKeys.StaffAccount"/>). At start-up every row whose key is not the one
/// its e-mail gives under the current secret moves to it, in one transaction: rows stored under
/// the e-mail itself before the move onto Orleans (issue 16), and all of them after the secret
/// changed. SQL cannot compute the key (the secret is not in the database); staff rows are few.
/// </summary>
public static class StaffRowRekeying
{
    /// <returns>How many rows moved.</returns>
    public static async Task<int> RunAsync(NpgsqlDataSource dataSource, PersonalGrainKeys keys, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var moves = new List<(string From, string To)>();
        await using (var select = new NpgsqlCommand(
            "select grain_key, state->>'email' from grain_state where grain_type = 'staff_user' for update", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetString(0);
                // A cleared row keeps no e-mail; one from before the move is named by it.
                var email = reader.IsDBNull(1) ? (key.Contains('@', StringComparison.Ordinal) ? key : null) : reader.GetString(1);
                if (email is not null && keys.StaffAccount(email) is var target && target != key)
                {
                    moves.Add((key, target));
                }
            }
        }

        var moved = 0;
        foreach (var (from, to) in moves)
        {
            await using var update = new NpgsqlCommand(
                """
                update grain_state set grain_key = $2 where grain_type = 'staff_user' and grain_key = $1
                  and not exists (select 1 from grain_state where grain_type = 'staff_user' and grain_key = $2)
                """, connection, transaction);
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = from });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = to });
            moved += await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return moved;
    }
}
