using System.Globalization;
using System.Text.Json;
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
