using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Grains.Betting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Lottopar.Silo.Betting;

/// <summary>
/// Describes the bodies of the betting endpoints in the OpenAPI document as they travel: from
/// <see cref="ContractJson"/> (snake_case, strict numbers, ISO-8601 datetimes, enums by their
/// contract names) instead of the camelCase HTTP JSON options the document is generated with. The
/// records and those options stay the only source, so the document cannot drift from the wire.
/// </summary>
public sealed class BettingContractSchemas : IOpenApiSchemaTransformer
{
    private static readonly FrozenDictionary<Type, JsonNode> Schemas = BettingEventsApi.ContractBodies.ToFrozenDictionary(
        type => type, type => WithMetaAsObject(type == typeof(BettingEventSubmission) ? SubmissionSchema() : ContractJson.SchemaOf(type)));

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (Schemas.TryGetValue(context.JsonTypeInfo.Type, out var contract))
        {
            // The framework's schema object stays (it carries the component name and the type's
            // description); its camelCase members are replaced, nested types inline with them.
            var wire = new OpenApiJsonReader().ReadFragment<OpenApiSchema>(contract, OpenApiSpecVersion.OpenApi3_1, new OpenApiDocument(), out var diagnostic);
            if (wire is null || diagnostic.Errors.Count > 0)
            {
                throw new InvalidOperationException($"The wire schema of {context.JsonTypeInfo.Type.Name} is not a valid OpenAPI schema: {string.Join("; ", diagnostic.Errors)}");
            }

            schema.Type = wire.Type;
            schema.Properties = wire.Properties;
            schema.Required = wire.Required;
            schema.AdditionalProperties = wire.AdditionalProperties;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// POST /betting-events' body. Every field of the record is nullable (the rules, not the parser,
    /// name what is missing), so the rules say which fields the contract requires, and the validated
    /// form which text fields take an enum's names.
    /// </summary>
    private static JsonNode SubmissionSchema()
    {
        var submission = ContractJson.SchemaOf(typeof(BettingEventSubmission));
        var validated = ContractJson.SchemaOf(typeof(BettingEvent));
        var leg = submission["properties"]!["bet_legs"]!["items"]!;
        TakeEnums(submission, validated);
        TakeEnums(leg, validated["properties"]!["bet_legs"]!["items"]!);

        Require(submission, RefusedWhenAbsent("""{}"""));
        const string FirstLeg = "bet_legs[0].";
        Require(leg, RefusedWhenAbsent("""{"bet_legs":[{}]}""").Where(f => f.StartsWith(FirstLeg, StringComparison.Ordinal)).Select(f => f[FirstLeg.Length..]).ToHashSet());
        return submission;
    }

    /// <summary>The contract's meta, the only JsonElement, is a JSON object or null (the rules refuse anything else), kept as sent.</summary>
    private static JsonNode WithMetaAsObject(JsonNode schema)
    {
        foreach (var properties in Descendants(schema).Select(n => n["properties"]).OfType<JsonObject>())
        {
            if (properties["meta"] is JsonValue)
            {
                properties["meta"] = new JsonObject { ["type"] = new JsonArray("object", "null") };
            }
        }

        return schema;
    }

    private static IEnumerable<JsonObject> Descendants(JsonNode node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants).Prepend(o),
        JsonArray a => a.OfType<JsonNode>().SelectMany(Descendants),
        _ => [],
    };

    /// <summary>The fields the rules refuse this body for: with the body's other fields absent, exactly the required ones.</summary>
    private static HashSet<string> RefusedWhenAbsent(string json)
    {
        try
        {
            BettingEventRules.Validate(JsonSerializer.Deserialize<BettingEventSubmission>(json, ContractJson.Options), DateTimeOffset.UnixEpoch);
            return [];
        }
        catch (DomainValidationException refused)
        {
            return [.. refused.Errors.Keys];
        }
    }

    /// <summary>Makes the named properties required and not null (a null is refused like a missing field); the rest stay optional.</summary>
    private static void Require(JsonNode schema, HashSet<string> fields)
    {
        var properties = schema["properties"]!.AsObject();
        var required = new JsonArray();
        foreach (var (name, property) in properties)
        {
            if (fields.Contains(name))
            {
                required.Add(name);
                NotNull(property!);
            }
        }

        schema.AsObject()["required"] = required;
    }

    /// <summary>A text field whose validated counterpart is an enum takes one of that enum's contract names.</summary>
    private static void TakeEnums(JsonNode submission, JsonNode validated)
    {
        foreach (var (name, property) in submission["properties"]!.AsObject().ToList())
        {
            if (validated["properties"]?[name] is JsonObject counterpart && counterpart["enum"] is JsonArray names)
            {
                var values = new JsonArray([.. names.OfType<JsonNode>().Select(n => n.DeepClone())]);
                values.Add(null);
                property!.AsObject()["enum"] = values;
            }
        }
    }

    private static void NotNull(JsonNode schema)
    {
        var node = schema.AsObject();
        if (node["type"] is JsonArray types)
        {
            var rest = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToArray();
            node["type"] = rest.Length == 1 ? rest[0] : new JsonArray([.. rest.Select(t => (JsonNode)t)]);
        }

        if (node["enum"] is JsonArray values)
        {
            node["enum"] = new JsonArray([.. values.OfType<JsonNode>().Select(v => v.DeepClone())]);
        }
    }
}
