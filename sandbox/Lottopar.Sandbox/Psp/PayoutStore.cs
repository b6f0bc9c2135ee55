using Npgsql;

namespace Lottopar.Sandbox.Psp;

/// <summary>A PIX key in the sandbox's DICT: its type, its holder (CPF and name) and the account it points to.</summary>
public sealed record DictEntry(string Chave, string Tipo, string Cpf, string Nome, string Ispb, string Agencia, string Conta);

/// <summary>
/// A PIX sent by an account ("pagamento"), under the id its sender chose (idEnvio): REALIZADO,
/// NAO_REALIZADO (with the reason), or DEVOLVIDO (the receiving bank returned it after it was made).
/// </summary>
public sealed record Pagamento(
    string ChavePagador, string IdEnvio, string EndToEndId, string ChaveFavorecido, string CpfFavorecido, long Centavos, string Status, string? Motivo,
    DateTimeOffset Horario, string? InfoPagador, DateTimeOffset? DevolvidoEm);

/// <summary>The sandbox PSP's DICT and sent PIX, in the sandbox's database.</summary>
public sealed class PayoutStore(NpgsqlDataSource dataSource)
{
    public const string Realizado = "REALIZADO";
    public const string NaoRealizado = "NAO_REALIZADO";
    public const string Devolvido = "DEVOLVIDO";

    public const string Schema = """
        alter table sandbox_psp_accounts add column if not exists saldo_inicial bigint not null default 0;
        create table if not exists sandbox_psp_dict (
            chave text primary key,
            tipo text not null,
            cpf text not null,
            nome text not null,
            ispb text not null,
            agencia text not null,
            conta text not null,
            atualizada timestamptz not null
        );
        create table if not exists sandbox_psp_pagamentos (
            chave_pagador text not null,
            id_envio text not null,
            e2eid text not null unique,
            chave_favorecido text not null,
            cpf_favorecido text not null,
            centavos bigint not null,
            status text not null,
            motivo text,
            horario timestamptz not null,
            info_pagador text,
            devolvido_em timestamptz,
            primary key (chave_pagador, id_envio)
        );
        create index if not exists sandbox_psp_pagamentos_by_horario on sandbox_psp_pagamentos (chave_pagador, horario);
        """;

    /// <summary>Registers a key, or moves it to another holder (a portability or a claim, as the DICT allows).</summary>
    public async Task SetKeyAsync(DictEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into sandbox_psp_dict (chave, tipo, cpf, nome, ispb, agencia, conta, atualizada) values ($1, $2, $3, $4, $5, $6, $7, $8)
            on conflict (chave) do update set tipo = excluded.tipo, cpf = excluded.cpf, nome = excluded.nome, ispb = excluded.ispb,
                agencia = excluded.agencia, conta = excluded.conta, atualizada = excluded.atualizada
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(entry.Chave);
        command.Parameters.AddWithValue(entry.Tipo);
        command.Parameters.AddWithValue(entry.Cpf);
        command.Parameters.AddWithValue(entry.Nome);
        command.Parameters.AddWithValue(entry.Ispb);
        command.Parameters.AddWithValue(entry.Agencia);
        command.Parameters.AddWithValue(entry.Conta);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DictEntry?> FindKeyAsync(string chave, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select tipo, cpf, nome, ispb, agencia, conta from sandbox_psp_dict where chave = $1");
        command.Parameters.AddWithValue(chave);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new DictEntry(chave, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5))
            : null;
    }

    /// <summary>
    /// Records a PIX sent under its idEnvio unless the account already sent one under it (that one is
    /// answered, <c>Created</c> false). A PIX that would be made is refused (NAO_REALIZADO,
    /// SALDO_INSUFICIENTE) when the account's balance is short; the account's row is locked, so two
    /// payouts cannot both spend the last centavos.
    /// </summary>
    public async Task<(Pagamento Pagamento, bool Created)> SendAsync(Pagamento candidate, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long saldoInicial;
        await using (var lockAccount = new NpgsqlCommand("select saldo_inicial from sandbox_psp_accounts where chave = $1 for update", connection, transaction))
        {
            lockAccount.Parameters.AddWithValue(candidate.ChavePagador);
            saldoInicial = (long)(await lockAccount.ExecuteScalarAsync(cancellationToken))!;
        }

        if (await FindAsync(connection, transaction, candidate.ChavePagador, candidate.IdEnvio, cancellationToken) is { } existing)
        {
            return (existing, false);
        }

        var pagamento = candidate;
        if (candidate.Status == Realizado && saldoInicial + await MovementsAsync(connection, transaction, candidate.ChavePagador, cancellationToken) < candidate.Centavos)
        {
            pagamento = candidate with { Status = NaoRealizado, Motivo = "SALDO_INSUFICIENTE" };
        }

        const string insert = """
            insert into sandbox_psp_pagamentos (chave_pagador, id_envio, e2eid, chave_favorecido, cpf_favorecido, centavos, status, motivo, horario, info_pagador)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """;
        await using (var command = new NpgsqlCommand(insert, connection, transaction))
        {
            command.Parameters.AddWithValue(pagamento.ChavePagador);
            command.Parameters.AddWithValue(pagamento.IdEnvio);
            command.Parameters.AddWithValue(pagamento.EndToEndId);
            command.Parameters.AddWithValue(pagamento.ChaveFavorecido);
            command.Parameters.AddWithValue(pagamento.CpfFavorecido);
            command.Parameters.AddWithValue(pagamento.Centavos);
            command.Parameters.AddWithValue(pagamento.Status);
            command.Parameters.AddWithValue((object?)pagamento.Motivo ?? DBNull.Value);
            command.Parameters.AddWithValue(pagamento.Horario);
            command.Parameters.AddWithValue((object?)pagamento.InfoPagador ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (pagamento, true);
    }

    public async Task<Pagamento?> FindAsync(string chavePagador, string idEnvio, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, chavePagador, idEnvio, cancellationToken);
    }

    /// <summary>The PIX an account sent between two instants, oldest first.</summary>
    public async Task<IReadOnlyList<Pagamento>> ListAsync(string chavePagador, DateTimeOffset inicio, DateTimeOffset fim, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Select + " where chave_pagador = $1 and horario >= $2 and horario <= $3 order by horario, id_envio");
        command.Parameters.AddWithValue(chavePagador);
        command.Parameters.AddWithValue(inicio);
        command.Parameters.AddWithValue(fim);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<Pagamento>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    /// <summary>The receiving bank returns a PIX it received (its account closed, say): REALIZADO becomes DEVOLVIDO. Null when it was not REALIZADO.</summary>
    public async Task<Pagamento?> ReturnAsync(string chavePagador, string idEnvio, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"update sandbox_psp_pagamentos set status = '{Devolvido}', devolvido_em = $3 where chave_pagador = $1 and id_envio = $2 and status = '{Realizado}'");
        command.Parameters.AddWithValue(chavePagador);
        command.Parameters.AddWithValue(idEnvio);
        command.Parameters.AddWithValue(now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? await FindAsync(chavePagador, idEnvio, cancellationToken) : null;
    }

    private const string Select =
        "select chave_pagador, id_envio, e2eid, chave_favorecido, cpf_favorecido, centavos, status, motivo, horario, info_pagador, devolvido_em from sandbox_psp_pagamentos";

    private static async Task<Pagamento?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string chavePagador, string idEnvio, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Select + " where chave_pagador = $1 and id_envio = $2", connection, transaction);
        command.Parameters.AddWithValue(chavePagador);
        command.Parameters.AddWithValue(idEnvio);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>What moved through the account: received PIX, less their refunds, less the PIX it sent that stayed sent.</summary>
    private static async Task<long> MovementsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string chave, CancellationToken cancellationToken)
    {
        const string sql = $"""
            select (select coalesce(sum(centavos), 0) from sandbox_psp_pix where chave = $1)
                 - (select coalesce(sum(d.centavos), 0) from sandbox_psp_devolucoes d join sandbox_psp_pix p on p.e2eid = d.e2eid
                    where p.chave = $1 and d.status <> 'NAO_REALIZADO')
                 - (select coalesce(sum(centavos), 0) from sandbox_psp_pagamentos where chave_pagador = $1 and status = '{Realizado}')
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue(chave);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Pagamento Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5), reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10));
}
