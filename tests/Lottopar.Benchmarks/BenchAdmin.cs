using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Grains.Security;

namespace Lottopar.Benchmarks;

/// <summary>The benchmark's LOTTOPAR admin, signed in with a real TOTP code, making admin calls to the silo under test.</summary>
internal sealed class BenchAdmin(HttpClient http, string token)
{
    private static int s_operators;

    public static async Task<BenchAdmin> SignInAsync(HttpClient http, IReadOnlyDictionary<string, string> admin)
    {
        var code = Totp.Generate(Base32.Decode(admin["LOTTOPAR_ADMIN_TOTP_SECRET"]), DateTimeOffset.UtcNow);
        var login = await http.PostAsJsonAsync("/auth/login", new { email = admin["LOTTOPAR_ADMIN_EMAIL"], password = admin["LOTTOPAR_ADMIN_PASSWORD"], totpCode = code });
        login.EnsureSuccessStatusCode();
        return new BenchAdmin(http, (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
    }

    /// <summary>Onboards an operator (a fresh CNPJ and contact each time) and returns its OPRID.</summary>
    public async Task<string> OnboardAsync()
    {
        var n = Interlocked.Increment(ref s_operators);
        var onboarded = await SendAsync(HttpMethod.Post, "/admin/operators", new
        {
            legalName = $"Operadora de Benchmark {n} Ltda",
            cnpj = Lottopar.Grains.Validation.Cnpj.Complete($"1234567{n:D1}0001"),
            license = new { number = $"BENCH-{n}", type = "Aposta de quota fixa", authorizedGames = new[] { "esportes" }, validFrom = "2026-01-01", validUntil = "2031-12-31" },
            contact = new
            {
                fullName = "Bench", email = $"bench{n}@operadora.example.com.br", landline = "(41) 3333-4444", mobile = $"(41) 99999-888{n % 10}",
                address = new { street = "Rua A", number = "1", district = "Centro", city = "Curitiba", state = "PR", postalCode = "80000-000" },
            },
        });
        return onboarded.GetProperty("oprid").GetString()!;
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.Clone() : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
    }
}
