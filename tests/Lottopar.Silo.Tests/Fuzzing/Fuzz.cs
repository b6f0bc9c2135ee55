using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit;
using Xunit.Abstractions;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// Runs a property over generated requests and checks each answer. The run's seed is random unless
/// LOTTOPAR_FUZZ_SEED gives it; every property derives its own seed from it and prints it, and a
/// failure names it with the failing request, so the same requests can be sent again.
/// </summary>
public static partial class Fuzz
{
    public const string SeedVariable = "LOTTOPAR_FUZZ_SEED";

    /// <summary>Answers of the JSON APIs to bad input (423: a locked account at sign-in).</summary>
    private static readonly HashSet<int> Refusals = [400, 401, 403, 404, 405, 409, 413, 415, 422, 423, 429];

    private static readonly HashSet<int> Successes = [200, 201, 202, 204];

    /// <summary>Multiplies every property's case count (LOTTOPAR_FUZZ_SCALE, default 1): a longer hunt by hand, the suite's minute in CI.</summary>
    public const string ScaleVariable = "LOTTOPAR_FUZZ_SCALE";

    private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable(ScaleVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var scale)
        && scale > 0 ? scale : 1;

    public static ulong RunSeed { get; } = ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
        ? seed
        : (ulong)Random.Shared.NextInt64(1, long.MaxValue);

    /// <summary>Checks <paramref name="count"/> generated cases, one after another, off the test's synchronisation context.</summary>
    /// <remarks>The answers are tallied (status and problem code, or webSale body) and printed, to show what the cases reached.</remarks>
    public static Task CheckAsync<T>(ITestOutputHelper output, string property, Gen<T> cases, int count, Func<T, Task<string>> check) => Task.Run(() =>
    {
        var seed = RunSeed ^ Fnv(property);
        var config = Config.QuickThrowOnFailure.WithQuietOnSuccess(true).WithMaxTest(count * Scale)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
        var answers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        try
        {
            Check.One(config, Prop.ForAll(Arb.From(cases), (T c) =>
            {
                var answer = check(c).GetAwaiter().GetResult();
                answers[answer] = answers.GetValueOrDefault(answer) + 1;
            }));
        }
        catch (Exception failure)
        {
            Assert.Fail($"{property} failed; replay with {SeedVariable}={RunSeed}.\n{failure.Message}");
        }

        output.WriteLine($"{property}: {answers.Values.Sum()} cases in {clock.Elapsed.TotalSeconds:0.0} s ({SeedVariable}={RunSeed})");
        output.WriteLine(string.Join(", ", answers.Select(a => $"{a.Key}: {a.Value}")));
    });

    /// <summary>
    /// A JSON API's answer: never a 5xx nor a status outside the API's set; a refusal is problem+json
    /// with a code and leaves every stored row as it was. The server's own refusals (before the
    /// application runs: a NUL in the path, a request line or headers too long, a bad Host) are bare
    /// 400, 414 or 431, or a connection closed under a request line still being sent; the application never answers a 4xx without a body, since its status code
    /// pages write problem details for every empty error answer.
    /// </summary>
    public static async Task<string> RefusedChangesNothingAsync(FuzzFixture fixture, FuzzRequest request,
        StoredChangeAllowance allowance = StoredChangeAllowance.None)
    {
        var before = await StoredData.SettledAsync(fixture.Silo);
        var answer = await fixture.SendAsync(request);
        var after = await StoredData.SettledAsync(fixture.Silo);
        var bare = IsServerRefusal(answer);
        if (answer.Status >= 500)
        {
            throw new FuzzFailureException("a 5xx", request, answer, after.ChangesSince(before));
        }

        if (!Successes.Contains(answer.Status) && !Refusals.Contains(answer.Status) && !bare)
        {
            throw new FuzzFailureException("a status outside the API's set", request, answer, after.ChangesSince(before));
        }

        if (answer.Status >= 400 && !bare && (answer.MediaType != "application/problem+json" || CodeOf(answer.Body) is null))
        {
            throw new FuzzFailureException("a refusal that is not problem+json with a code", request, answer, null);
        }

        var allowed = allowance == StoredChangeAllowance.OneGrainStateWrite
            && after with { GrainVersions = before.GrainVersions } == before && after.GrainVersions - before.GrainVersions <= 1;
        if ((answer.Status >= 400 || bare) && after != before && !allowed)
        {
            throw new FuzzFailureException("a refused request stored something", request, answer, after.ChangesSince(before));
        }

        return bare ? $"{answer.Status} (server)" : $"{answer.Status} {CodeOf(answer.Body)}".TrimEnd();
    }

    /// <summary>
    /// A webSale answer: always HTTP 200 text/plain in one of the protocol's forms; an answer that is
    /// neither a ticket nor "0" (done, for operations 1 to 3) leaves every stored row as it was, and so
    /// does "0" when no operation 1, 2 or 3 was asked for. The one exception is the server's own
    /// refusal of a request it cannot read (a request line over Kestrel's 8 KB: a long frame in the
    /// query string), a bare 400, 414 or 431 before the protocol runs; it too must store nothing.
    /// </summary>
    public static async Task<string> WebSaleChangesNothingUnlessDoneAsync(FuzzFixture fixture, WebSaleCase sale)
    {
        var before = await StoredData.SettledAsync(fixture.Silo);
        var answer = await fixture.SendAsync(sale.Request);
        var after = await StoredData.SettledAsync(fixture.Silo);
        if (IsServerRefusal(answer))
        {
            return after == before
                ? $"{answer.Status} (server)"
                : throw new FuzzFailureException("a request the server refused stored something", sale.Request, answer, after.ChangesSince(before));
        }

        if (answer.Status != 200 || answer.MediaType != "text/plain")
        {
            throw new FuzzFailureException("a webSale answer that is not HTTP 200 text/plain", sale.Request, answer, after.ChangesSince(before));
        }

        if (!ProtocolAnswer().IsMatch(answer.Body) || (answer.Body.Length <= 2 && int.Parse(answer.Body, CultureInfo.InvariantCulture) > 13))
        {
            throw new FuzzFailureException("a webSale answer in none of the protocol's forms", sale.Request, answer, null);
        }

        var ticket = answer.Body.Length >= 26;
        var done = answer.Body == "0" && sale.AsksToChangeTickets;
        if (!ticket && !done && after != before)
        {
            throw new FuzzFailureException("a webSale refusal stored something", sale.Request, answer, after.ChangesSince(before));
        }

        return ticket ? "ticket" : $"code {answer.Body}";
    }

    /// <summary>Kestrel's own refusal of a request it cannot read, before any middleware: a status and nothing else, or a closed connection.</summary>
    private static bool IsServerRefusal(FuzzAnswer answer) =>
        answer == FuzzAnswer.ClosedByServer || (answer.Status is 400 or 414 or 431 && answer.Body.Length == 0 && answer.MediaType is null);

    private static string? CodeOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A code, a ticket, a partial sale (ticket;draw|type|sold;...) or results (draw:number;...).</summary>
    [GeneratedRegex(@"^(\d{1,2}|\d{26}|\d{26};(\d{2}\|\d{2}\|\d+(\.\d{1,2})?;)+|(\d{2}:\d{3,5};)+)$")]
    private static partial Regex ProtocolAnswer();

    /// <summary>FNV-1a: a property's seed must not depend on the process (string.GetHashCode does).</summary>
    private static ulong Fnv(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}

/// <summary>What a refused request may store after all, where a rule says so.</summary>
public enum StoredChangeAllowance
{
    None,

    /// <summary>One write to one existing grain's state (an attempt counter), and nothing else.</summary>
    OneGrainStateWrite,
}

/// <summary>A webSale request and whether it names operation 1, 2 or 3 anywhere (the only ones whose "0" means done).</summary>
public sealed record WebSaleCase(FuzzRequest Request, bool AsksToChangeTickets)
{
    public override string ToString() => Request.ToString();
}
