using Lottopar.Client.WebSale;
using Npgsql;

namespace Lottopar.Benchmarks.Chaos;

/// <summary>What a chaos run set up before the load: where to send, as whom, which terminals and quota.</summary>
/// <param name="SilosBefore">The membership table once both silos were up: which incarnations ran, which were dead already.</param>
internal sealed record ChaosState(
    string Url,
    string Oprid,
    string ApiKey,
    int ProviderCode,
    int FirstPos,
    int Terminals,
    string SerialPrefix,
    string HotDraw,
    long TripleQuotaCents,
    long TerminalQuotaCents,
    long SaleAmountCents,
    IReadOnlyList<SiloIncarnation> SilosBefore)
{
    public IReadOnlyList<PosIdentity> PosTerminals => LoadTerminals.Create(ProviderCode, Terminals, FirstPos, SerialPrefix);

    public long QuotaOf(string type) => type == "Triple" ? TripleQuotaCents : TerminalQuotaCents;
}

/// <summary>One row of Orleans' membership table: a silo process (address, port, generation) and its status.</summary>
internal sealed record SiloIncarnation(string Address, int Port, int Generation, int Status, string? SuspectTimes)
{
    /// <summary>Orleans' <c>SiloStatus.Active</c> as stored in <c>orleans_membership.status</c>.</summary>
    public const int Active = 3;

    /// <summary>Orleans' <c>SiloStatus.Dead</c>.</summary>
    public const int Dead = 6;

    public bool IsSameProcess(SiloIncarnation other) => Address == other.Address && Port == other.Port && Generation == other.Generation;

    /// <summary>The rows of the platform's cluster, in a stable order.</summary>
    public static async Task<IReadOnlyList<SiloIncarnation>> ReadAllAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("""
            select address, port, generation, status, suspect_times from orleans_membership order by port, generation
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<SiloIncarnation>();
        while (await reader.ReadAsync())
        {
            rows.Add(new SiloIncarnation(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }
}
