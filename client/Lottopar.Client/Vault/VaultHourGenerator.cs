using System.Globalization;

namespace Lottopar.Client.Vault;

/// <summary>What to generate: one operator's hour (UTC, on the hour) in <paramref name="Parts"/> files numbered from <paramref name="FirstSequence"/>.</summary>
/// <param name="Records">The number of records to aim for (the hour comes out within a few percent of it); by default 8 per player.</param>
public sealed record VaultHourOptions(string Oprid, DateTimeOffset Hour, long FirstSequence, int Players, int? Records = null, int Parts = 1, int Seed = 1);

/// <summary>One file written by <see cref="VaultHourGenerator.Write"/>.</summary>
public sealed record VaultGeneratedFile(VaultFileHeader Header, VaultTotals Totals);

/// <summary>
/// Generates a realistic hourly vault file (docs/vault-format.md) for load and integration tests:
/// every record type of section 6 over a typical hour, valid CPFs, records in section 5's order, totals
/// that match, daily wallets in the day's last hour (Brasília), and corrections and annulments of
/// earlier records of the hour. The same options and seed give the same bytes.
/// </summary>
/// <remarks>
/// Each player's records come from their own random stream in time order; a k-way merge puts the players
/// together, so memory grows with the number of players, not of records. The records are generated twice:
/// once to count them and add up each part's totals (which the header carries before the records), and
/// once to write them.
/// </remarks>
public sealed class VaultHourGenerator
{
    /// <summary>The share of players who register during the hour.</summary>
    private const int NewPlayersPercent = 10;

    private readonly VaultHourOptions _options;

    public VaultHourGenerator(VaultHourOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Players, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Parts, 999);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Records ?? 0);
        new VaultFileHeader(options.Oprid, options.Hour, options.FirstSequence, 1, options.Parts, options.Hour.AddHours(1)).Validate();
        _options = options;
    }

    /// <summary>The hour's records in section 5's order.</summary>
    public IEnumerable<VaultGeneratedRecord> Records()
    {
        var records = _options.Records ?? _options.Players * 8;
        var mean = (double)records / _options.Players;
        var queue = new PriorityQueue<IEnumerator<VaultGeneratedRecord>, (long Ticks, int Rank, int Player)>();
        try
        {
            for (var player = 0; player < _options.Players; player++)
            {
                var random = new Random(unchecked((_options.Seed * 1_000_003) + player));
                var isNew = random.Next(100) < NewPlayersPercent;
                // Budgets vary from player to player around the mean; their sum stays close to the aim.
                var budget = (int)Math.Round(mean * (0.25 + (1.5 * random.NextDouble())));
                var cpf = Cpf(player, isNew ? _options.Hour.UtcTicks : 0);
                var timeline = new VaultPlayerTimeline(random, player, cpf, isNew, budget, _options.Hour).Records().GetEnumerator();
                Enqueue(queue, timeline, player);
            }

            while (queue.TryDequeue(out var timeline, out var key))
            {
                yield return timeline.Current;
                Enqueue(queue, timeline, key.Player);
            }
        }
        finally
        {
            while (queue.TryDequeue(out var timeline, out _))
            {
                timeline.Dispose();
            }
        }
    }

    /// <summary>
    /// Writes the hour as <see cref="VaultHourOptions.Parts"/> files, each to the stream <paramref name="open"/> gives
    /// for its header (the caller disposes it): consecutive runs of the ordered records, of near-equal size.
    /// </summary>
    public IReadOnlyList<VaultGeneratedFile> Write(Func<VaultFileHeader, Stream> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        var parts = _options.Parts;
        var count = 0L;
        var totalsOf = new List<(byte Rank, long Amount)>();
        foreach (var record in Records())
        {
            count++;
            totalsOf.Add(((byte)VaultRecordKinds.Rank(record.Type), record.Amount));
        }

        var files = new List<VaultGeneratedFile>(parts);
        for (var part = 1; part <= parts; part++)
        {
            var totals = new VaultTotals();
            for (var i = First(part, count); i < First(part + 1, count); i++)
            {
                totals.Add(VaultRecordKinds.All[totalsOf[(int)i].Rank], totalsOf[(int)i].Amount);
            }

            // created_at: a few seconds after the hour ends, one second apart per part, so the same seed gives the same bytes.
            var header = new VaultFileHeader(_options.Oprid, _options.Hour, _options.FirstSequence + part - 1, part, parts,
                _options.Hour.AddHours(1).AddSeconds(4 + part));
            files.Add(new VaultGeneratedFile(header, totals));
        }

        using var records = Records().GetEnumerator();
        foreach (var file in files)
        {
            using var stream = open(file.Header);
            using var writer = new VaultFileWriter(stream, file.Header, file.Totals);
            for (var i = First(file.Header.Part, count); i < First(file.Header.Part + 1, count); i++)
            {
                records.MoveNext();
                writer.Write(records.Current.Json);
            }
        }

        return files;
    }

    /// <summary>The index of the first record of <paramref name="part"/> (1-based) when <paramref name="count"/> records are split into the options' parts.</summary>
    private long First(int part, long count) => (part - 1) * count / _options.Parts;

    private static void Enqueue(PriorityQueue<IEnumerator<VaultGeneratedRecord>, (long, int, int)> queue, IEnumerator<VaultGeneratedRecord> timeline, int player)
    {
        if (timeline.MoveNext())
        {
            queue.Enqueue(timeline, (timeline.Current.At.UtcTicks, VaultRecordKinds.Rank(timeline.Current.Type), player));
        }
        else
        {
            timeline.Dispose();
        }
    }

    /// <summary>
    /// A distinct CPF per player: the nine base digits run through a bijection of [0, 10^9) keyed by the seed
    /// (and, for players registering this hour, by the hour, so they are new people).
    /// </summary>
    private string Cpf(int player, long salt)
    {
        const long Space = 1_000_000_000;
        var mixed = unchecked((ulong)_options.Seed * 0x9E3779B97F4A7C15UL) ^ (ulong)salt;
        var offset = (long)(mixed % Space);
        var baseNumber = ((player * 7_919L) + offset + 100_000_000) % Space;
        var digits = baseNumber.ToString("D9", CultureInfo.InvariantCulture);
        if (digits.Distinct().Count() == 1)
        {
            digits = "1" + digits[1..^1] + "2";
        }

        return digits + Cpfs.CheckDigits(digits);
    }
}
