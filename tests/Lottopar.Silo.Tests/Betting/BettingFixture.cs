using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Tests.Infrastructure;

namespace Lottopar.Silo.Tests.Betting;

/// <summary>A silo with an admin; each test onboards the operators it needs (balances are judged per operator).</summary>
public sealed class BettingFixture : PlatformFixture
{
    private static int s_player = Random.Shared.Next(100_000_000, 900_000_000);

    /// <summary>A new operator and an API key of its with the betting-events scope.</summary>
    public async Task<(string Oprid, HttpClient Client)> NewOperatorAsync()
    {
        var oprid = await PlatformHost.OnboardAsync(Admin);
        return (oprid, Silo.WithApiKey(await PlatformHost.IssueKeyAsync(Admin, oprid, "homologation", "betting-events")));
    }

    /// <summary>A valid CPF no other test uses, formatted like the document's ("012.345.678-90").</summary>
    public static string NewCpf() => Cpf.Format(Cpf.Complete((Interlocked.Increment(ref s_player) % 1_000_000_000).ToString("D9")));

    /// <summary>The document's example request (single-new-bet, multiple-new-bet, multiple-result), verbatim.</summary>
    public static string DocumentExample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Betting", "DocumentExamples", $"{name}.json"));

    /// <summary>A document example with some fields changed.</summary>
    public static string Example(string name, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(DocumentExample(name))!.AsObject();
        change(json);
        return json.ToJsonString();
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/betting-events") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonObject> AcceptedAsync(HttpResponseMessage response)
    {
        await Expect.StatusAsync(response, 201);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
