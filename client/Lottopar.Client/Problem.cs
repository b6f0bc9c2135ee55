using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lottopar.Client;

/// <summary>
/// An RFC 9457 problem details body (<c>application/problem+json</c>) as the platform sends it:
/// a machine-readable <see cref="Code"/> and, for 400 and 422, the failing fields in <see cref="Errors"/>.
/// </summary>
public sealed record Problem
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("title")]
    public string? Title { get; init; }

    [JsonPropertyName("status")]
    public int? Status { get; init; }

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    [JsonPropertyName("instance")]
    public string? Instance { get; init; }

    /// <summary>The machine-readable reason, e.g. "validation_failed" or "rate_limited".</summary>
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    /// <summary>Messages per failing field (a field name or JSON path).</summary>
    [JsonPropertyName("errors")]
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Members the platform added beyond the ones above.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; init; }
}
