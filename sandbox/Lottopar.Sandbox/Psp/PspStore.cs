using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Lottopar.Sandbox.Psp;

/// <summary>An account at the sandbox PSP: the receiver's PIX key and its API credentials.</summary>
public sealed record PspAccount(string ClientId, string Chave, string Name, string City, string? WebhookUrl, int? AutoPayAfterMs = null);

/// <summary>A charge ("cob") as the PSP keeps it.</summary>
public sealed record Cob(
    string Chave, string Txid, string Status, long Centavos, int ExpiracaoSeconds, DateTimeOffset Criacao, string? DevedorCpf, string? DevedorNome,
    string? SolicitacaoPagador, long LocId);

/// <summary>A PIX received ("pix"): who paid, how much, for which charge.</summary>
public sealed record ReceivedPix(string EndToEndId, string Chave, string? Txid, long Centavos, DateTimeOffset Horario, string PagadorCpf, string PagadorNome);

/// <summary>A refund ("devolução") of a received PIX, under the id its requester chose.</summary>
public sealed record Devolucao(string EndToEndId, string Id, string RtrId, long Centavos, string Status, DateTimeOffset Solicitacao, DateTimeOffset? Liquidacao);

/// <summary>The sandbox PSP's tables in the sandbox's database. Every write is one statement or one transaction.</summary>
public sealed class PspStore(NpgsqlDataSource dataSource)
{
    public const string Schema = """
        create table if not exists sandbox_psp_accounts (
            client_id text primary key,
            secret_sha256 text not null,
            chave text not null unique,
            name text not null,
            city text not null,
            webhook_url text,
            created_at timestamptz not null
        );
        create table if not exists sandbox_psp_cobs (
            chave text not null,
            txid text not null,
            status text not null,
            centavos bigint not null,
            expiracao_s integer not null,
            criacao timestamptz not null,
            devedor_cpf text,
            devedor_nome text,
            solicitacao_pagador text,
            loc_id bigint generated always as identity,
            primary key (chave, txid)
        );
        create table if not exists sandbox_psp_pix (
            e2eid text primary key,
            chave text not null,
            txid text,
            centavos bigint not null,
            horario timestamptz not null,
            pagador_cpf text not null,
            pagador_nome text not null
        );
        create index if not exists sandbox_psp_pix_by_chave on sandbox_psp_pix (chave, horario);
        create index if not exists sandbox_psp_pix_by_txid on sandbox_psp_pix (chave, txid);
        alter table sandbox_psp_accounts add column if not exists auto_pay_after_ms integer;
        create table if not exists sandbox_psp_devolucoes (
            e2eid text not null references sandbox_psp_pix (e2eid),
            id text not null,
            rtr_id text not null,
            centavos bigint not null,
            status text not null,
            solicitacao timestamptz not null,
            liquidacao timestamptz,
            primary key (e2eid, id)
        );
        """;

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <param name="openingBalance">What the account holds before any PIX, in centavos (the operator's own money, for its payouts).</param>
    public async Task<PspAccount> CreateAccountAsync(
        string name, string city, int? autoPayAfterMs, long openingBalance, DateTimeOffset now, string clientId, string secret, CancellationToken cancellationToken)
    {
        var chave = Guid.NewGuid().ToString("D");
        await using var command = dataSource.CreateCommand(
            "insert into sandbox_psp_accounts (client_id, secret_sha256, chave, name, city, created_at, auto_pay_after_ms, saldo_inicial) values ($1, $2, $3, $4, $5, $6, $7, $8)");
        command.Parameters.AddWithValue(clientId);
        command.Parameters.AddWithValue(HashSecret(secret));
        command.Parameters.AddWithValue(chave);
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(city);
        command.Parameters.AddWithValue(now);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)autoPayAfterMs ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.AddWithValue(openingBalance);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new PspAccount(clientId, chave, name, city, null, autoPayAfterMs);
    }

    /// <summary>The account whose credentials these are, or null.</summary>
    public async Task<PspAccount?> AuthenticateAsync(string clientId, string secret, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select chave, name, city, webhook_url, secret_sha256, auto_pay_after_ms from sandbox_psp_accounts where client_id = $1");
        command.Parameters.AddWithValue(clientId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(reader.GetString(4)), Encoding.ASCII.GetBytes(HashSecret(secret)));
        return matches
            ? new PspAccount(clientId, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(5) ? null : reader.GetInt32(5))
            : null;
    }

    public async Task<PspAccount?> AccountByChaveAsync(string chave, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select client_id, name, city, webhook_url, auto_pay_after_ms from sandbox_psp_accounts where chave = $1");
        command.Parameters.AddWithValue(chave);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PspAccount(reader.GetString(0), chave, reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt32(4))
            : null;
    }

    public async Task SetWebhookAsync(string chave, string? url, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("update sandbox_psp_accounts set webhook_url = $2 where chave = $1");
        command.Parameters.AddWithValue(chave);
        command.Parameters.AddWithValue((object?)url ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Creates the charge; false when the receiver already has one with this txid.</summary>
    public async Task<bool> TryCreateCobAsync(Cob cob, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into sandbox_psp_cobs (chave, txid, status, centavos, expiracao_s, criacao, devedor_cpf, devedor_nome, solicitacao_pagador)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(cob.Chave);
        command.Parameters.AddWithValue(cob.Txid);
        command.Parameters.AddWithValue(cob.Status);
        command.Parameters.AddWithValue(cob.Centavos);
        command.Parameters.AddWithValue(cob.ExpiracaoSeconds);
        command.Parameters.AddWithValue(cob.Criacao);
        command.Parameters.AddWithValue((object?)cob.DevedorCpf ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)cob.DevedorNome ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)cob.SolicitacaoPagador ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<Cob?> FindCobAsync(string chave, string txid, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select status, centavos, expiracao_s, criacao, devedor_cpf, devedor_nome, solicitacao_pagador, loc_id from sandbox_psp_cobs where chave = $1 and txid = $2");
        command.Parameters.AddWithValue(chave);
        command.Parameters.AddWithValue(txid);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Cob(chave, txid, reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7))
            : null;
    }

    /// <summary>
    /// Pays an active charge: the PIX and the charge's new status in one transaction. Null when the
    /// charge is not active (already paid, or removed).
    /// </summary>
    public async Task<ReceivedPix?> PayCobAsync(Cob cob, ReceivedPix pix, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand("update sandbox_psp_cobs set status = 'CONCLUIDA' where chave = $1 and txid = $2 and status = 'ATIVA'", connection, transaction))
        {
            update.Parameters.AddWithValue(cob.Chave);
            update.Parameters.AddWithValue(cob.Txid);
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return null;
            }
        }

        await using (var insert = new NpgsqlCommand(
            "insert into sandbox_psp_pix (e2eid, chave, txid, centavos, horario, pagador_cpf, pagador_nome) values ($1, $2, $3, $4, $5, $6, $7)", connection, transaction))
        {
            insert.Parameters.AddWithValue(pix.EndToEndId);
            insert.Parameters.AddWithValue(pix.Chave);
            insert.Parameters.AddWithValue(pix.Txid!);
            insert.Parameters.AddWithValue(pix.Centavos);
            insert.Parameters.AddWithValue(pix.Horario);
            insert.Parameters.AddWithValue(pix.PagadorCpf);
            insert.Parameters.AddWithValue(pix.PagadorNome);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return pix;
    }

    /// <summary>The PIX a receiver got between two instants, filtered by txid and the payer's CPF when given.</summary>
    public async Task<IReadOnlyList<ReceivedPix>> ListPixAsync(
        string chave, DateTimeOffset inicio, DateTimeOffset fim, string? txid, string? cpf, CancellationToken cancellationToken)
    {
        const string sql = """
            select e2eid, txid, centavos, horario, pagador_cpf, pagador_nome from sandbox_psp_pix
            where chave = $1 and horario >= $2 and horario <= $3 and ($4::text is null or txid = $4) and ($5::text is null or pagador_cpf = $5)
            order by horario, e2eid
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(chave);
        command.Parameters.AddWithValue(inicio);
        command.Parameters.AddWithValue(fim);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)txid ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)cpf ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var list = new List<ReceivedPix>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ReceivedPix(reader.GetString(0), chave, reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), reader.GetString(5)));
        }

        return list;
    }

    public async Task<ReceivedPix?> FindPixAsync(string chave, string e2eid, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select txid, centavos, horario, pagador_cpf, pagador_nome from sandbox_psp_pix where chave = $1 and e2eid = $2");
        command.Parameters.AddWithValue(chave);
        command.Parameters.AddWithValue(e2eid);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ReceivedPix(e2eid, chave, reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3), reader.GetString(4))
            : null;
    }

    public async Task<IReadOnlyList<Devolucao>> DevolucoesAsync(string e2eid, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select id, rtr_id, centavos, status, solicitacao, liquidacao from sandbox_psp_devolucoes where e2eid = $1 order by solicitacao, id");
        command.Parameters.AddWithValue(e2eid);
        var list = new List<Devolucao>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Devolucao(e2eid, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return list;
    }

    /// <summary>
    /// Records a refund under its id unless one exists, and only within what is left of the PIX (the
    /// PIX row is locked, so two refunds cannot both take the last centavos). Returns the refund under
    /// this id (the new one or the earlier one) or null when the amount is more than what is left.
    /// </summary>
    public async Task<Devolucao?> RefundAsync(Devolucao refund, long received, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockPix = new NpgsqlCommand("select 1 from sandbox_psp_pix where e2eid = $1 for update", connection, transaction))
        {
            lockPix.Parameters.AddWithValue(refund.EndToEndId);
            await lockPix.ExecuteScalarAsync(cancellationToken);
        }

        var existing = (await DevolucoesAsync(refund.EndToEndId, cancellationToken)).FirstOrDefault(d => d.Id == refund.Id);
        if (existing is not null)
        {
            return existing;
        }

        long refunded;
        await using (var sum = new NpgsqlCommand("select coalesce(sum(centavos), 0)::bigint from sandbox_psp_devolucoes where e2eid = $1 and status <> 'NAO_REALIZADO'", connection, transaction))
        {
            sum.Parameters.AddWithValue(refund.EndToEndId);
            refunded = (long)(await sum.ExecuteScalarAsync(cancellationToken))!;
        }

        if (refunded + refund.Centavos > received)
        {
            return null;
        }

        await using (var insert = new NpgsqlCommand(
            "insert into sandbox_psp_devolucoes (e2eid, id, rtr_id, centavos, status, solicitacao, liquidacao) values ($1, $2, $3, $4, $5, $6, $7)", connection, transaction))
        {
            insert.Parameters.AddWithValue(refund.EndToEndId);
            insert.Parameters.AddWithValue(refund.Id);
            insert.Parameters.AddWithValue(refund.RtrId);
            insert.Parameters.AddWithValue(refund.Centavos);
            insert.Parameters.AddWithValue(refund.Status);
            insert.Parameters.AddWithValue(refund.Solicitacao);
            insert.Parameters.AddWithValue((object?)refund.Liquidacao ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return refund;
    }
}
