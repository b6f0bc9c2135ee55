using Npgsql;

namespace Lottopar.Providers.Tests.Infrastructure;

/// <summary>
/// Runs a statement of the OrleansQuery table the way Orleans' providers do: the text read by key,
/// parameters bound by name with the CLR types the providers use (int for ports, hashes and
/// versions, UTC DateTime for times).
/// </summary>
public static class OrleansQueryText
{
    public static async Task<string> ReadAsync(NpgsqlConnection connection, string key)
    {
        await using var command = new NpgsqlCommand("select QueryText from OrleansQuery where QueryKey = $1", connection);
        command.Parameters.Add(new() { Value = key });
        return (string?)await command.ExecuteScalarAsync()
            ?? throw new InvalidOperationException($"OrleansQuery has no {key}.");
    }

    public static async Task<NpgsqlCommand> CommandAsync(
        NpgsqlConnection connection, string key, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(await ReadAsync(connection, key), connection);
        foreach (var (name, value) in parameters)
        {
            // The providers bind a null (SuspectTimes of an unsuspected silo) as a typed text null.
            command.Parameters.Add(value is null
                ? new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value }
                : new NpgsqlParameter(name, value));
        }

        return command;
    }

    /// <summary>Runs a statement that answers one integer, as the membership writes do (1 done, 0 refused).</summary>
    public static async Task<int> ScalarAsync(
        NpgsqlConnection connection, string key, params (string Name, object? Value)[] parameters)
    {
        await using var command = await CommandAsync(connection, key, parameters);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
