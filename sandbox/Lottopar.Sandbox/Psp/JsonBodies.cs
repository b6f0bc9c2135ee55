using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lottopar.Sandbox.Psp;

/// <summary>Request bodies read leniently: the PSP answers bad JSON with its own problem, not an exception.</summary>
internal static class JsonBodies
{
    public static async Task<JsonNode?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
}
