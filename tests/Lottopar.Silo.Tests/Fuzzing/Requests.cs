using FsCheck;
using FsCheck.Fluent;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// Requests to an endpoint of the JSON APIs, mostly as their rightful caller with a JSON content type,
/// now and then as someone else, with another content type, or with extra hostile headers.
/// </summary>
public static class Requests
{
    private static readonly Gen<KeyValuePair<string, string>[]> SomeHeaders =
        Gen.Frequency((5, Gen.Constant(Array.Empty<KeyValuePair<string, string>>())), (1, Hostile.Headers));

    private static readonly Gen<string?> MostlyJson = Gen.Frequency((12, Gen.Constant<string?>("application/json")), (1, Hostile.ContentType));

    public static Gen<Caller> MostlyAs(Caller caller) =>
        Gen.Frequency((10, Gen.Constant(caller)), (1, Gen.Elements(Caller.Anonymous, Caller.Operator, Caller.Admin)));

    /// <summary>A request with a hostile variant of one of <paramref name="documents"/> as its body.</summary>
    public static Gen<FuzzRequest> WithBody(string method, Gen<string> target, Gen<string> documents, Caller caller) =>
        Gens.Zip(Gen.Zip(target, documents.SelectMany(JsonBodies.Bytes)), MostlyAs(caller), MostlyJson, SomeHeaders)
            .Select(t => new FuzzRequest(method, t.Item1.Item1, t.Item2, t.Item4, t.Item3, t.Item1.Item2));

    /// <summary>A request without a body (now and then with one nobody asked for).</summary>
    public static Gen<FuzzRequest> WithoutBody(string method, Gen<string> target, Caller caller) =>
        Gens.Zip(target, MostlyAs(caller), SomeHeaders, Gen.Frequency((8, Gen.Constant<byte[]?>(null)), (1, Hostile.JsonValue.Select(v => (byte[]?)System.Text.Encoding.UTF8.GetBytes(v)))))
            .Select(t => new FuzzRequest(method, t.Item1, t.Item2, t.Item3, t.Item4 is null ? null : "application/json", t.Item4));

    /// <summary>A path built from segment generators and a query string: "/a/" + segment + "/b" + query.</summary>
    public static Gen<string> Path(Gen<string> segments, Func<string, string> path, Gen<string> query) =>
        Gen.Zip(segments, query).Select(t => path(t.Item1) + t.Item2);

    /// <summary>A query string that is usually absent.</summary>
    public static Gen<string> RarelyQuery(params string[] names) =>
        Gen.Frequency((4, Gen.Constant("")), (1, Hostile.Query(names)));
}
