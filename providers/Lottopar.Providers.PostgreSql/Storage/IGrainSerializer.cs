namespace Lottopar.Providers.PostgreSql.Storage;

/// <summary>
/// Turns grain state and stream payloads into the JSON that storage keeps, and back. The silo uses
/// <see cref="JsonGrainSerializer"/>; tests wrap it to make serialisation fail on purpose.
/// </summary>
public interface IGrainSerializer
{
    string Serialize(object value, Type type);

    object? Deserialize(string json, Type type);
}

/// <summary>The one JSON shape of stored grain state and stream payloads (<see cref="RuntimeJson"/>).</summary>
public sealed class JsonGrainSerializer : IGrainSerializer
{
    public string Serialize(object value, Type type) => RuntimeJson.Serialize(value, type);

    public object? Deserialize(string json, Type type) => RuntimeJson.Deserialize(json, type);
}
