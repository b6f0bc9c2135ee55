using System.Text.Json;

namespace Lottopar.Silo.Json;

/// <summary>
/// What every JSON body the platform reads must be, whatever its naming: each key at most once
/// per object (a repeated key is ambiguous: <c>"total_stake":-5,"total_stake":5000</c> must not
/// pass as 5000). A repeated key is a 400 naming it. Text that cannot be stored is found before
/// deserialisation (<see cref="Grains.Validation.StorableJson"/>, in <see cref="Http.RequestGuards"/>).
/// </summary>
public static class StrictJson
{
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.AllowDuplicateProperties = false;
        return options;
    }
}
