using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// Sign-in, invitations, authenticator enrolment and password reset under hostile input, for accounts
/// that do not exist and for an invited one; sign-out and "me" with credentials that are not a session.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class AuthFuzzTests(FuzzFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public Task SignInAndEnrolmentNeverFailAndRefusalsStoreNothing()
    {
        var email = Gen.Frequency(
            (3, Gen.Choose(0, int.MaxValue).Select(n => $"nobody.{n}@lottopar.example.com.br")),
            (1, Gen.Constant(fixture.StaffEmail)));
        var password = Gen.Elements("a long and unique test password", "short", "");
        var code = Gen.Elements("12345678", "123456", "00000000", "");
        var requests = Gen.OneOf(
            Requests.WithBody("POST", Gen.Constant("/auth/login"),
                Gens.Zip(email, password, code).Select(t => Json(new { email = t.Item1, password = t.Item2, totpCode = t.Item3 })), Caller.Anonymous),
            Requests.WithBody("POST", Gen.Constant("/auth/invitations/accept"),
                Gens.Zip(email, password, code).Select(t => Json(new { email = t.Item1, code = t.Item3, password = t.Item2 })), Caller.Anonymous),
            Requests.WithBody("POST", Gen.Constant("/auth/totp/confirm"),
                Gens.Zip(email, password, code).Select(t => Json(new { email = t.Item1, password = t.Item2, totpCode = t.Item3 })), Caller.Anonymous),
            Requests.WithBody("POST", Gen.Constant("/auth/password-reset"),
                Gen.Zip(email, Gen.Elements("email", "sms")).Select(t => Json(new { email = t.Item1, channel = t.Item2 })), Caller.Anonymous),
            Requests.WithBody("POST", Gen.Constant("/auth/password-reset/confirm"),
                Gens.Zip(email, password, code).Select(t => Json(new { email = t.Item1, code = t.Item3, newPassword = t.Item2 })), Caller.Anonymous));
        return Fuzz.CheckAsync(output, nameof(SignInAndEnrolmentNeverFailAndRefusalsStoreNothing), requests, 200,
            r => Fuzz.RefusedChangesNothingAsync(fixture, r, WrongCodeIsCounted(r)));
    }

    [Fact]
    public Task SignOutAndMeWithoutASessionAreRefusedAndStoreNothing()
    {
        var credentials = Gen.Frequency(
            (3, Hostile.Authorization.Select(a => new[] { KeyValuePair.Create("Authorization", a) })),
            (1, Hostile.ApiKey(fixture.OperatorKey).Select(k => new[] { KeyValuePair.Create("x-api-key", k) })),
            (1, Hostile.Headers));
        var requests = Gens.Zip(Gen.Elements(("POST", "/auth/logout"), ("GET", "/auth/me")), credentials, Hostile.Query("token"))
            .Select(t => new FuzzRequest(t.Item1.Item1, t.Item1.Item2 + t.Item3, Caller.Anonymous, t.Item2, null, null));
        return Fuzz.CheckAsync(output, nameof(SignOutAndMeWithoutASessionAreRefusedAndStoreNothing), requests, 100,
            r => Fuzz.RefusedChangesNothingAsync(fixture, r));
    }

    /// <summary>
    /// A wrong invitation code is counted against the code's attempt budget (StaffUserGrain), so that the
    /// code cannot be guessed: that one write to the invited account's state is the rule, not a leak.
    /// Some bodies go out as UTF-16 (<see cref="JsonBodies"/>), which the server reads as well, so the
    /// invited address is looked for in both encodings.
    /// </summary>
    private StoredChangeAllowance WrongCodeIsCounted(FuzzRequest request) =>
        request.Target == "/auth/invitations/accept" && request.Body is { } body
            && new[] { System.Text.Encoding.UTF8, System.Text.Encoding.Unicode }.Any(e => e.GetString(body).Contains(fixture.StaffEmail, StringComparison.OrdinalIgnoreCase))
            ? StoredChangeAllowance.OneGrainStateWrite
            : StoredChangeAllowance.None;

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, Infrastructure.TestJson.Options);
}
