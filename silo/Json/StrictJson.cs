using System.Text.Json;
using System.Text.Json.Serialization;
using Lottopar.Grains.Validation;

namespace Lottopar.Silo.Json;

/// <summary>
/// What every JSON body the platform reads must be, whatever its naming: each key at most once
/// per object (a repeated key is ambiguous: <c>"total_stake":-5,"total_stake":5000</c> must not
/// pass as 5000), and only text that can be stored (<see cref="StorableText"/>). Either failure is
/// a 400 naming the key.
/// </summary>
public static class StrictJson
{
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.AllowDuplicateProperties = false;
        options.Converters.Insert(0, new StorableStringConverter());
        return options;
    }

    /// <summary>Strings (values and dictionary keys) that PostgreSQL can keep, or a JsonException saying why not.</summary>
    private sealed class StorableStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("The JSON value could not be converted to a string.");
            }

            return Checked(ref reader);
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(ref reader);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

        private static string Checked(ref Utf8JsonReader reader)
        {
            string text;
            try
            {
                text = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw new JsonException(StorableText.SurrogateMessage);
            }

            return StorableText.Problem(text) is { } problem ? throw new JsonException(problem) : text;
        }
    }
}
