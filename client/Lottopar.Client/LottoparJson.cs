using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lottopar.Client;

/// <summary>
/// The serializer settings of the wire: nulls omitted (so optional fields are absent, as in the API
/// document's examples), timestamps in UTC with a Z, and decimals without trailing zeros (2.5, not 2.50).
/// </summary>
public static class LottoparJson
{
    /// <summary>Options for every request and response body of the platform.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new UtcTimestampConverter());
        options.Converters.Add(new PlainDecimalConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Writes "2024-01-15T15:30:00Z" (fractions only when present) instead of "+00:00".</summary>
    private sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>Writes the shortest exact form of a decimal, never exponent notation.</summary>
    private sealed class PlainDecimalConverter : JsonConverter<decimal>
    {
        private const string Format = "0.############################";

        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.ToString(Format, CultureInfo.InvariantCulture), skipInputValidation: true);
    }
}
