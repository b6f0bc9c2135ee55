using System.Security.Cryptography;
using System.Xml.Linq;
using Lottopar.Grains.Vault;
using Lottopar.Silo.Vault;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Vault;

/// <summary>The vault's files and records on the real PostgreSQL: all or nothing per file, each sequence and record id once.</summary>
public sealed class VaultFileStoreTests
{
    private static readonly XNamespace Ns = VaultFileReader.Namespace;
    private static readonly DateTimeOffset Hour = new(2026, 12, 3, 23, 0, 0, TimeSpan.FromHours(-3));

    [Fact]
    public async Task AnAcceptedFileIsStoredWithItsRecordsInOneCommit()
    {
        var (store, database) = await StoreAsync();
        var oprid = NewOprid();
        var row = Accepted(oprid, sequence: 1);

        Assert.Equal(VaultSaveOutcome.Stored, await SaveAsync(store, row, Records("A", "B", "C")));

        var found = await store.FindAsync(oprid, row.Sha256, CancellationToken.None);
        Assert.Equivalent(row, found);
        Assert.Equal(3L, await database.ScalarAsync<long>($"select count(*) from vault_records where oprid = '{oprid}'"));
        Assert.Equal("bet", await database.ScalarAsync<string>($"select record_type from vault_records where oprid = '{oprid}' and record_id = 'B'"));
        Assert.Equal(2_500L, await database.ScalarAsync<long>($"select amount from vault_records where oprid = '{oprid}' and record_id = 'B'"));
    }

    [Fact]
    public async Task AFileAbandonedHalfwayLeavesNothing()
    {
        var (store, database) = await StoreAsync();
        var oprid = NewOprid();

        await using (var staging = await store.BeginAsync(Guid.NewGuid(), oprid, CancellationToken.None))
        {
            foreach (var record in Records("A", "B"))
            {
                staging.Write(record);
            }
        }

        Assert.Equal(0L, await database.ScalarAsync<long>($"select count(*) from vault_records where oprid = '{oprid}'"));
        Assert.Equal(0L, await database.ScalarAsync<long>($"select count(*) from vault_files where oprid = '{oprid}'"));
    }

    [Fact]
    public async Task TheSameBytesAgainAreARepeatAndStoreNothingMore()
    {
        var (store, database) = await StoreAsync();
        var oprid = NewOprid();
        var first = Accepted(oprid, sequence: 1);
        await SaveAsync(store, first, Records("A"));

        var again = await SaveAsync(store, first with { Id = Guid.NewGuid(), Sequence = 2, Chain = first.Chain! with { Position = 2 } }, Records("B"));

        Assert.Equal(VaultSaveOutcome.Repeat, again);
        Assert.Equal(["A"], await RecordIdsAsync(database, oprid));
    }

    [Fact]
    public async Task AnAcceptedSequenceBelongsToOneFile()
    {
        var (store, database) = await StoreAsync();
        var oprid = NewOprid();
        await SaveAsync(store, Accepted(oprid, sequence: 7), Records("A"));

        var outcome = await SaveAsync(store, Accepted(oprid, sequence: 7), Records("B"));

        Assert.Equal(VaultSaveOutcome.SequenceConflict, outcome);
        Assert.Equal(["A"], await RecordIdsAsync(database, oprid));
    }

    [Fact]
    public async Task ARecordIdOfAnEarlierFileRefusesTheWholeLaterFile()
    {
        var (store, database) = await StoreAsync();
        var oprid = NewOprid();
        await SaveAsync(store, Accepted(oprid, sequence: 1), Records("A"));
        var second = Accepted(oprid, sequence: 2);

        var outcome = await SaveAsync(store, second, Records("B", "A"));

        Assert.Equal(VaultSaveOutcome.RecordIdTaken, outcome);
        Assert.Equal(["A"], await RecordIdsAsync(database, oprid));
        Assert.Null(await store.FindAsync(oprid, second.Sha256, CancellationToken.None));
    }

    [Fact]
    public async Task ARejectedFileKeepsItsReceiptAndARepeatFindsTheFirstAnswer()
    {
        var (store, _) = await StoreAsync();
        var oprid = NewOprid();
        var rejected = Accepted(oprid, sequence: 1) with
        {
            Accepted = false, Chain = null, ErrorCount = 1,
            Errors = [new VaultFileError("invalid_cpf", 1, "A", "cpf", "Not a valid CPF.")],
        };

        Assert.Equal(VaultSaveOutcome.Stored, await store.SaveRejectedAsync(rejected, CancellationToken.None));
        Assert.Equal(VaultSaveOutcome.Repeat, await store.SaveRejectedAsync(rejected with { Id = Guid.NewGuid(), ReceivedAt = Hour.AddHours(5) }, CancellationToken.None));

        var found = await store.FindAsync(oprid, rejected.Sha256, CancellationToken.None);
        Assert.Equivalent(rejected, found);
    }

    private static async Task<VaultSaveOutcome> SaveAsync(VaultFileStore store, VaultFileRow row, IEnumerable<VaultRecord> records)
    {
        await using var staging = await store.BeginAsync(row.Id, row.Oprid, CancellationToken.None);
        foreach (var record in records)
        {
            staging.Write(record);
        }

        return await staging.CommitAsync(row, CancellationToken.None);
    }

    private static async Task<(VaultFileStore Store, TestDatabase Database)> StoreAsync()
    {
        var database = await TestDatabase.SharedAsync();
        return (new VaultFileStore(database.DataSource), database);
    }

    private static async Task<List<string>> RecordIdsAsync(TestDatabase database, string oprid)
    {
        var ids = new List<string>();
        await using var command = database.DataSource.CreateCommand($"select record_id from vault_records where oprid = '{oprid}' order by record_id");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static VaultFileRow Accepted(string oprid, long sequence)
    {
        var sha = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return new VaultFileRow(Guid.NewGuid(), oprid, $"{oprid}_2026120402_{sequence:D8}_001-001.xml.p7m", sha, 2048, Hour.AddMinutes(70).ToUniversalTime(), true,
            sequence, Hour.ToUniversalTime(), 1, 1, 3, new Dictionary<string, VaultTypeCount> { ["bet"] = new(3, 7_500) }, 0, [],
            new VaultChainEntry(sequence, VaultChain.Genesis, VaultChain.Next(VaultChain.Genesis, sha, sequence)), [0x30, 0x03]);
    }

    private static IEnumerable<VaultRecord> Records(params string[] ids) => ids.Select((id, i) =>
    {
        var at = Hour.AddMinutes(i + 1);
        var element = new XElement(Ns + "bet", new XAttribute("id", id), new XElement(Ns + "cpf", "52998224725"), new XElement(Ns + "amount", "2500"));
        return new VaultRecord(i + 1, VaultRecordType.Bet, id, at, "52998224725", 2_500, element, null);
    });

    private static string NewOprid() => $"OPR-{Random.Shared.Next(100_000_000, 999_999_999)}";
}
