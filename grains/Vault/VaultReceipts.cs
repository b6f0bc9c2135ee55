using System.Globalization;
using System.Text.Json;

namespace Lottopar.Grains.Vault;

/// <summary>
/// The content of a receipt (docs/vault-format.md, section 12): UTF-8 JSON with snake_case names,
/// written field by field so that its shape is the documented one and nothing else. LOTTOPAR signs it.
/// </summary>
public static class VaultReceipts
{
    public const int Version = 1;

    /// <summary>A receipt's name in <c>receipts/</c>: the uploaded file's name and this.</summary>
    public const string Suffix = ".receipt.p7s";

    public static byte[] Content(VaultFileRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            json.WriteString("receipt_id", row.Id);
            json.WriteString("oprid", row.Oprid);
            json.WriteString("file_name", row.FileName);
            json.WriteString("sha256", row.Sha256);
            json.WriteNumber("size", row.SizeBytes);
            json.WriteString("received_at", Time(row.ReceivedAt));
            json.WriteString("verdict", row.Accepted ? "accepted" : "rejected");
            WriteNumberOrNull(json, "sequence", row.Sequence);
            if (row.Hour is { } hour)
            {
                json.WriteString("hour", Time(hour));
            }
            else
            {
                json.WriteNull("hour");
            }

            WriteNumberOrNull(json, "part", row.Part);
            WriteNumberOrNull(json, "parts", row.Parts);
            json.WriteNumber("records", row.RecordCount);
            json.WriteStartObject("counts");
            foreach (var (type, count) in row.Counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(type);
                json.WriteNumber("records", count.Records);
                json.WriteNumber("amount", count.Amount);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartArray("errors");
            foreach (var error in row.Errors)
            {
                json.WriteStartObject();
                json.WriteString("code", error.Code);
                WriteNumberOrNull(json, "record", error.Record);
                json.WriteString("record_id", error.RecordId);
                json.WriteString("field", error.Field);
                json.WriteString("message", error.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("error_count", row.ErrorCount);
            if (row.Chain is { } chain)
            {
                json.WriteStartObject("chain");
                json.WriteNumber("position", chain.Position);
                json.WriteString("previous", chain.Previous);
                json.WriteString("value", chain.Value);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("chain");
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
