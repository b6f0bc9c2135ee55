using System.Text.Json;

namespace Lottopar.Providers.PostgreSql.Storage;

/// <summary>The one JSON shape of stored grain state and stream payloads (web defaults: camelCase).</summary>
public static class RuntimeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string Serialize(object value, Type type) => JsonSerializer.Serialize(value, type, Options);

    public static object? Deserialize(string json, Type type) => JsonSerializer.Deserialize(json, type, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);
}
