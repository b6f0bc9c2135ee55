using Lottopar.GrainInterfaces.CpfChecks;
using Npgsql;
using NpgsqlTypes;

namespace Lottopar.Silo.CpfChecks;

/// <summary>The cpf_checks table: one row per check an operator asked, written before the answer goes out.</summary>
public sealed class CpfCheckLog(NpgsqlDataSource dataSource)
{
    public async Task RecordAsync(string oprid, string cpfDigits, CpfCheck check, CancellationToken cancellationToken)
    {
        const string sql = "insert into cpf_checks (oprid, cpf, checked_at, allowed, reasons) values ($1, $2, $3, $4, $5)";
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = oprid, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = cpfDigits, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = check.CheckedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = check.Allowed, NpgsqlDbType = NpgsqlDbType.Boolean });
        command.Parameters.Add(new NpgsqlParameter { Value = check.Reasons.Select(r => r.Code).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
