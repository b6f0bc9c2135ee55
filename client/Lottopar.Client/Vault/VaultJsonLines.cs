using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace Lottopar.Client.Vault;

/// <summary>
/// Builds an hourly file from JSON lines: one record per line as <see cref="VaultRecordXml"/> reads it
/// (<c>{"type":"bet","id":"…","at":"…","cpf":"…",…}</c>), and optionally one header line
/// (<c>{"type":"header","oprid":"OPR-000042","hour":"…","sequence":42,"part":1,"parts":1,"created_at":"…"}</c>).
/// Every line is checked when read, and refused with its line number and field; <see cref="Write"/> puts the
/// records in the order of docs/vault-format.md section 5, computes the totals and writes the XML.
/// </summary>
public sealed class VaultJsonLines
{
    private readonly List<Entry> _entries;

    private VaultJsonLines(List<Entry> entries, VaultHeaderFields? header)
    {
        _entries = entries;
        Header = header;
    }

    /// <summary>The header line's fields, when the input had one.</summary>
    public VaultHeaderFields? Header { get; }

    public int Count => _entries.Count;

    /// <summary>Reads and checks every line; blank lines are skipped. Records are kept as their lines until written.</summary>
    public static VaultJsonLines Read(TextReader input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var entries = new List<Entry>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        VaultHeaderFields? header = null;
        var number = 0;
        while (input.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var record = Parse(line, number);
            if (record["type"] is JsonValue type && type.TryGetValue<string>(out var name) && name == "header")
            {
                if (header is not null || entries.Count > 0)
                {
                    throw new VaultJsonLinesException(number, "type", "the header line must be the first line, and only one.");
                }

                header = HeaderOf(record, number);
                continue;
            }

            var entry = Check(record, line, number);
            if (!ids.TryAdd(entry.Id, number))
            {
                throw new VaultJsonLinesException(number, "id", $"{entry.Id} is also the id of line {ids[entry.Id]}.");
            }

            entries.Add(entry);
        }

        return new VaultJsonLines(entries, header);
    }

    /// <summary>
    /// Writes the file: records in section-5 order (ties keep the input's order) under a header with their totals.
    /// Refuses a record whose <c>at</c> is outside the header's hour.
    /// </summary>
    public void Write(Stream output, VaultFileHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var end = header.Hour.AddHours(1);
        var totals = new VaultTotals();
        foreach (var entry in _entries)
        {
            if (entry.At < header.Hour || entry.At >= end)
            {
                throw new VaultJsonLinesException(entry.Line, "at", $"{VaultFileHeader.Timestamp(entry.At)} is outside the hour [{VaultFileHeader.Timestamp(header.Hour)}, {VaultFileHeader.Timestamp(end)}).");
            }

            totals.Add(entry.Type, entry.Amount);
        }

        var ordered = _entries.OrderBy(e => e.At.UtcTicks).ThenBy(e => VaultRecordKinds.Rank(e.Type)).ThenBy(e => e.Line);
        using var writer = new VaultFileWriter(output, header, totals);
        foreach (var entry in ordered)
        {
            writer.Write(Parse(entry.Text, entry.Line));
        }
    }

    private static JsonObject Parse(string line, int number)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject ?? throw new VaultJsonLinesException(number, null, "a line must be one JSON object.");
        }
        catch (JsonException error)
        {
            throw new VaultJsonLinesException(number, null, $"not JSON: {error.Message}");
        }
    }

    /// <summary>Writes the record to nowhere to check it against the schema, then checks what the schema cannot say.</summary>
    private static Entry Check(JsonObject record, string line, int number)
    {
        try
        {
            using (var sink = XmlWriter.Create(Stream.Null, new XmlWriterSettings { ConformanceLevel = ConformanceLevel.Fragment }))
            {
                VaultRecordXml.Write(sink, record);
            }

            var type = VaultRecordXml.TypeOf(record);
            CheckCpfs(record, "");
            if (type == "correction")
            {
                var replacement = record.Single(p => VaultRecordKinds.Rank(p.Key) >= 0);
                if (VaultRecordXml.Text(replacement.Value!["id"]) != VaultRecordXml.Text(record["corrects"]))
                {
                    throw new VaultRecordException($"{replacement.Key}.id", "the corrected record keeps the id it corrects (corrects).");
                }
            }

            var amount = VaultRecordKinds.HasAmount(type) ? long.Parse(VaultRecordXml.Text(record["amount"])!, CultureInfo.InvariantCulture) : 0;
            return new Entry(number, line, type, VaultRecordXml.Text(record["id"])!, VaultFileHeader.ParseTimestamp(VaultRecordXml.Text(record["at"])!), amount);
        }
        catch (VaultRecordException error)
        {
            throw new VaultJsonLinesException(number, error.Field, error.Message);
        }
    }

    /// <summary>The schema checks a CPF's shape; its check digits are section 4's rule.</summary>
    private static void CheckCpfs(JsonObject record, string path)
    {
        foreach (var (name, value) in record)
        {
            var field = path.Length == 0 ? name : $"{path}.{name}";
            if (name == "cpf" && !Cpfs.IsValid(VaultRecordXml.Text(value)))
            {
                throw new VaultRecordException(field, $"{value} is not a valid CPF (check digits).");
            }

            if (value is JsonObject inner)
            {
                CheckCpfs(inner, field);
            }
        }
    }

    private static VaultHeaderFields HeaderOf(JsonObject line, int number)
    {
        string? field = null;
        try
        {
            var header = new VaultHeaderFields();
            foreach (var (name, value) in line)
            {
                field = name;
                var scalar = value as JsonValue ?? throw new FormatException("must be a string or a number.");
                header = name switch
                {
                    "type" => header,
                    "oprid" => header with { Oprid = scalar.GetValue<string>() },
                    "hour" => header with { Hour = VaultFileHeader.ParseTimestamp(scalar.GetValue<string>()) },
                    "sequence" => header with { Sequence = scalar.GetValue<long>() },
                    "part" => header with { Part = scalar.GetValue<int>() },
                    "parts" => header with { Parts = scalar.GetValue<int>() },
                    "created_at" => header with { CreatedAt = VaultFileHeader.ParseTimestamp(scalar.GetValue<string>()) },
                    _ => throw new FormatException("not a header field (oprid, hour, sequence, part, parts, created_at)."),
                };
            }

            return header;
        }
        catch (Exception error) when (error is FormatException or InvalidOperationException)
        {
            throw new VaultJsonLinesException(number, field, error.Message);
        }
    }

    private sealed record Entry(int Line, string Text, string Type, string Id, DateTimeOffset At, long Amount);
}
