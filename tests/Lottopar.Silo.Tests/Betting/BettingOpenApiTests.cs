using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;
using static Lottopar.Silo.Tests.Betting.BettingFixture;

namespace Lottopar.Silo.Tests.Betting;

/// <summary>
/// /openapi/v1.json describes the betting endpoints as the wire carries them (snake_case, strict
/// numbers, ISO-8601 datetimes, enums by their contract names), so a client generated from it works:
/// the contract's own requests fit the document's request schema and the API's real answers fit its
/// response schemas.
/// </summary>
public sealed partial class BettingOpenApiTests(BettingFixture fixture) : IClassFixture<BettingFixture>
{
    private static readonly string[] DocumentExamples = ["single-new-bet", "multiple-new-bet", "multiple-result"];

    [Fact]
    public async Task TheContractsExampleRequestsFitTheDocumentsRequestSchema()
    {
        var document = await OpenApiDocumentAsync();
        var schema = Operation(document, "/betting-events", "post")["requestBody"]?["content"]?["application/json"]?["schema"]
            ?? throw new Xunit.Sdk.XunitException("POST /betting-events has no application/json request schema.");

        foreach (var example in DocumentExamples)
        {
            AssertFits(document, schema, DocumentExample(example), $"the contract's {example} request");
        }
    }

    [Fact]
    public async Task TheApisAnswersFitTheDocumentsResponseSchemas()
    {
        var document = await OpenApiDocumentAsync();
        var (_, client) = await fixture.NewOperatorAsync();
        var cpf = NewCpf();

        var eventIds = new List<string>();
        foreach (var example in DocumentExamples)
        {
            // The contract's requests with a CPF of this test's own, so no other test's player is involved.
            var response = await PostAsync(client, Example(example, j => j["tax_id"] = cpf));
            await Expect.StatusAsync(response, 201);
            var body = await response.Content.ReadAsStringAsync();
            AssertFits(document, ResponseSchema(document, "/betting-events", "post", "201"), body, $"the 201 to {example}");
            eventIds.Add(JsonNode.Parse(body)!["event_id"]!.GetValue<string>());
        }

        foreach (var eventId in eventIds)
        {
            await AssertAnswerFitsAsync(document, client, "/betting-events/{eventId}", $"/betting-events/{eventId}");
        }

        await AssertAnswerFitsAsync(document, client, "/bet-slips/{betSlipId}", "/bet-slips/slip_simple_123");
        await AssertAnswerFitsAsync(document, client, "/bet-slips/{betSlipId}", "/bet-slips/slip_multiple_456");
        await AssertAnswerFitsAsync(document, client, "/players/{cpf}/summary", $"/players/{Uri.EscapeDataString(cpf)}/summary");
    }

    [Fact]
    public async Task BettingSchemasNameEveryFieldAsTheWireDoes()
    {
        var document = await OpenApiDocumentAsync();
        // Every operation tagged "Betting events", so an endpoint added later is held to the same rule.
        var operations = BettingOperations(document);

        var names = operations.Values.SelectMany(o => PropertyNames(document, OperationSchemas(o))).ToHashSet();

        Assert.Superset(new HashSet<string> { "POST /betting-events", "GET /betting-events/{eventId}", "GET /bet-slips/{betSlipId}", "GET /players/{cpf}/summary" }, operations.Keys.ToHashSet());

        Assert.Contains("tax_id", names);
        Assert.Contains("bet_slip_id", names);
        Assert.Contains("event_id", names);
        Assert.DoesNotContain("taxId", names);
        Assert.DoesNotContain("betSlipId", names);
        Assert.DoesNotContain("eventId", names);
        Assert.All(names, name => Assert.Matches(SnakeCase(), name));
    }

    [Fact]
    public async Task TheRequestSchemaStatesTheContractsTypesAndRequiredFields()
    {
        var document = await OpenApiDocumentAsync();
        var request = Resolve(document, Operation(document, "/betting-events", "post")["requestBody"]!["content"]!["application/json"]!["schema"]!);
        var leg = Resolve(document, Property(document, request, "bet_legs")["items"]!);

        // "Obrigatório: Sim" in the contract, and what BettingEventRules refuses an event without.
        Assert.Equal(
            ["bet_legs", "bet_slip_id", "current_player_balance", "event", "last_player_balance", "leg_count", "tax_id", "total_odds", "total_stake"],
            Required(request));
        Assert.Equal(["leg_id", "odds"], Required(leg));

        Assert.Equal(["integer"], Types(document, request, "total_stake"));
        Assert.Equal(["integer"], Types(document, request, "leg_count"));
        Assert.Equal(["number"], Types(document, request, "total_odds"));
        Assert.Equal(["null", "string"], Types(document, request, "event_date"));
        Assert.Equal("date-time", Property(document, request, "event_date")["format"]?.GetValue<string>());
        Assert.Equal(["integer", "null"], Types(document, leg, "amount_won"));
        Assert.Equal(["new_bet", "result", "cancellation"], EnumValues(document, request, "event"));
        Assert.Equal(["open", "settled", "cancelled"], EnumValues(document, request, "bet_slip_state"));
        Assert.Equal(["open", "won", "lost", "void"], EnumValues(document, leg, "leg_state"));
        Assert.Equal(["won", "lost", "void", "push"], EnumValues(document, leg, "result"));
    }

    private async Task<JsonObject> OpenApiDocumentAsync()
    {
        var response = await fixture.Silo.CreateClient().GetAsync("/openapi/v1.json");
        await Expect.StatusAsync(response, 200);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static JsonObject Operation(JsonObject document, string path, string method) =>
        document["paths"]?[path]?[method]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"The document has no {method.ToUpperInvariant()} {path}.");

    private static Dictionary<string, JsonObject> BettingOperations(JsonObject document) =>
        document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(method => (Name: $"{method.Key.ToUpperInvariant()} {path.Key}", Operation: method.Value as JsonObject)))
            .Where(o => o.Operation?["tags"]?.AsArray().Any(t => t?.GetValue<string>() == "Betting events") == true)
            .ToDictionary(o => o.Name, o => o.Operation!);

    private static JsonNode ResponseSchema(JsonObject document, string path, string method, string status) =>
        Operation(document, path, method)["responses"]?[status]?["content"]?["application/json"]?["schema"]
            ?? throw new Xunit.Sdk.XunitException($"{method.ToUpperInvariant()} {path} has no application/json schema for {status}.");

    private static async Task AssertAnswerFitsAsync(JsonObject document, HttpClient client, string path, string url)
    {
        var response = await client.GetAsync(url);
        await Expect.StatusAsync(response, 200);
        AssertFits(document, ResponseSchema(document, path, "get", "200"), await response.Content.ReadAsStringAsync(), $"GET {url}");
    }

    /// <summary>
    /// Validates <paramref name="json"/> against <paramref name="schema"/>, formats asserted and every
    /// object's properties closed: a field the schema does not name (say, "tax_id" where it names
    /// "taxId") fails instead of passing as an unknown extra.
    /// </summary>
    private static void AssertFits(JsonObject document, JsonNode schema, string json, string what)
    {
        var root = Closed(schema.DeepClone());
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = Closed(document["components"]?["schemas"]?.DeepClone() ?? new JsonObject());
        var text = root.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);

        var results = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() })
            .Evaluate(JsonElement.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        if (!results.IsValid)
        {
            var errors = (results.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"  {d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"));
            Assert.Fail($"{what} does not fit the document's schema:\n{string.Join('\n', errors)}\n{json}");
        }
    }

    /// <summary>Every object schema that names its properties gets additionalProperties: false (free-form objects and maps stay open).</summary>
    private static JsonNode Closed(JsonNode node)
    {
        switch (node)
        {
            case JsonObject schema:
                foreach (var (_, child) in schema.ToList())
                {
                    if (child is not null)
                    {
                        Closed(child);
                    }
                }

                if (schema["properties"] is JsonObject && !schema.ContainsKey("additionalProperties"))
                {
                    schema["additionalProperties"] = false;
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Closed(item);
                    }
                }

                break;
        }

        return node;
    }

    private static IEnumerable<JsonNode> OperationSchemas(JsonObject operation)
    {
        var bodies = new[] { operation["requestBody"] }.Concat(operation["responses"]?.AsObject().Select(r => r.Value) ?? []);
        return bodies.SelectMany(b => b?["content"]?.AsObject().Select(c => c.Value?["schema"]) ?? []).OfType<JsonNode>();
    }

    /// <summary>The property names of these schemas and of every schema they reach, through $ref included.</summary>
    private static IEnumerable<string> PropertyNames(JsonObject document, IEnumerable<JsonNode> schemas)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<JsonNode>(schemas);
        while (pending.TryPop(out var node))
        {
            if (node is JsonArray array)
            {
                foreach (var item in array.OfType<JsonNode>())
                {
                    pending.Push(item);
                }

                continue;
            }

            if (node is not JsonObject schema)
            {
                continue;
            }

            if (schema["$ref"]?.GetValue<string>() is { } reference && seen.Add(reference))
            {
                pending.Push(Resolve(document, schema));
            }

            if (schema["properties"] is JsonObject properties)
            {
                foreach (var (name, property) in properties)
                {
                    yield return name;
                    if (property is not null)
                    {
                        pending.Push(property);
                    }
                }
            }

            foreach (var (key, child) in schema)
            {
                if (key != "properties" && child is JsonObject or JsonArray)
                {
                    pending.Push(child!);
                }
            }
        }
    }

    private static JsonObject Resolve(JsonObject document, JsonNode schema)
    {
        var reference = schema["$ref"]?.GetValue<string>();
        return reference is null
            ? schema.AsObject()
            : document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!.AsObject();
    }

    private static JsonObject Property(JsonObject document, JsonObject schema, string name) =>
        Resolve(document, schema["properties"]?[name] ?? throw new Xunit.Sdk.XunitException($"No property {name}."));

    private static string[] Required(JsonObject schema) =>
        [.. (schema["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal)];

    private static string[] Types(JsonObject document, JsonObject schema, string name) =>
        Property(document, schema, name)["type"] switch
        {
            JsonArray types => [.. types.Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal)],
            JsonValue type => [type.GetValue<string>()],
            _ => [],
        };

    /// <summary>The values the schema allows, null left out (a nullable enum lists null among them).</summary>
    private static string[] EnumValues(JsonObject document, JsonObject schema, string name) =>
        [.. (Property(document, schema, name)["enum"]?.AsArray() ?? []).OfType<JsonNode>().Select(v => v.GetValue<string>())];

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
