using System.Text.Json;

namespace Lottopar.GrainInterfaces.Common;

/// <summary>A JSON value as Orleans carries it between silos: its text (a betting event's "meta").</summary>
[Orleans.GenerateSerializer]
public readonly record struct JsonElementSurrogate([property: Orleans.Id(0)] string Json);

/// <summary>Lets Orleans serialise <see cref="JsonElement"/>, which it has no codec for.</summary>
[Orleans.RegisterConverter]
public sealed class JsonElementSurrogateConverter : Orleans.IConverter<JsonElement, JsonElementSurrogate>
{
    public JsonElement ConvertFromSurrogate(in JsonElementSurrogate surrogate)
    {
        using var document = JsonDocument.Parse(surrogate.Json);
        return document.RootElement.Clone();
    }

    public JsonElementSurrogate ConvertToSurrogate(in JsonElement value) => new(value.GetRawText());
}
