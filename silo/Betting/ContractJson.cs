using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using Lottopar.Silo.Json;

namespace Lottopar.Silo.Betting;

/// <summary>
/// The JSON of the betting-events contract: snake_case names, numbers only as JSON numbers (so a
/// decimal number of centavos or a quoted number is a 400 naming the field), datetimes only as
/// ISO-8601 with an offset, unknown fields ignored, each key once, text that can be stored.
/// </summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = StrictJson.Apply(new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.Strict,
        PropertyNameCaseInsensitive = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new Iso8601WithOffset() },
    });

    private static readonly JsonSchemaExporterOptions SchemaExporter = new()
    {
        // Collections' elements and the root are never null on this wire; their annotations are invisible to the exporter.
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = (context, schema) =>
        {
            // The exporter cannot see into a custom converter: say what Iso8601WithOffset reads and writes.
            if (context.TypeInfo.Type == typeof(DateTimeOffset) || context.TypeInfo.Type == typeof(DateTimeOffset?))
            {
                return new JsonObject
                {
                    ["type"] = context.TypeInfo.Type == typeof(DateTimeOffset) ? "string" : new JsonArray("string", "null"),
                    ["format"] = "date-time",
                };
            }

            // Enums travel as their contract names: strings (generated clients need the type beside the values).
            if (schema is JsonObject node && node["enum"] is JsonArray names && !node.ContainsKey("type"))
            {
                node.Insert(0, "type", names.Contains(null) ? new JsonArray("string", "null") : "string");
            }

            return schema;
        },
    };

    /// <summary>
    /// The JSON Schema of <paramref name="type"/> as <see cref="Options"/> writes and reads it: its
    /// names, strict numbers, datetimes, enums by their contract names, nullability from the
    /// nullable annotations, and every constructor parameter required (<see cref="JsonIgnoreCondition.Never"/>:
    /// every property is written, null included).
    /// </summary>
    public static JsonNode SchemaOf(Type type)
    {
        // What the first (de)serialisation would do anyway: lock the options with the default resolver.
        Options.MakeReadOnly(populateMissingResolver: true);
        return Options.GetJsonSchemaAsNode(type, SchemaExporter);
    }

    /// <summary>"2024-01-15T15:30:00Z" or "2024-01-15T12:30:00-03:00"; a time without an offset is ambiguous and refused.</summary>
    private sealed class Iso8601WithOffset : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            var hasOffset = text is { Length: > 19 } && text[10] == 'T' && (text.EndsWith('Z') || text[^6] is '+' or '-');
            if (!hasOffset || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value))
            {
                throw new JsonException("Expected an ISO-8601 date and time with an offset, e.g. \"2024-01-15T15:30:00Z\".");
            }

            return value;
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
