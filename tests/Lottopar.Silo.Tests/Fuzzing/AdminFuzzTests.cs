using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// The back office under hostile input: onboarding and every change to an operator (contact, license,
/// status, lottery provider, POS, vault credentials, API keys), staff accounts, and the audit and
/// security logs' filters. Changes go to operators of the fixture's that no other property changes;
/// status changes to one of their own, since a revocation is final.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class AdminFuzzTests(FuzzFixture fixture, ITestOutputHelper output)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Valid registrations whose unique fields come from the generator (a valid one onboards, not conflicts).</summary>
    private static Gen<OperatorRegistration> Registrations { get; } = Gen.Choose(10_000_000, 99_999_999).Select(n =>
    {
        var digits = n.ToString("D8", CultureInfo.InvariantCulture);
        return new OperatorRegistration(
            $"Operadora Fuzz {digits} Ltda",
            Cnpj.Format(Cnpj.Complete(digits + "0001")),
            new License($"LIC-FUZZ-{digits}", "Aposta de quota fixa", ["esportes"], Today.AddYears(-1), Today.AddYears(5)),
            new ContactPerson("Contato Fuzz", $"fuzz.{digits}@operadora.example.com.br", "(41) 3333-4444", $"(41) 9{digits}",
                new PostalAddress("Rua XV de Novembro", "100", null, "Centro", "Curitiba", "PR", "80020-310")));
    });

    [Fact]
    public Task OperatorAdministrationNeverFailsAndRefusedChangesStoreNothing()
    {
        var victim = Hostile.Segment(fixture.VictimOprid);
        var anyOperator = Hostile.Segment(fixture.VictimOprid, fixture.Oprid, "OPR-999999");
        var requests = Gen.OneOf(
            Requests.WithBody("POST", Gen.Constant("/admin/operators"), Registrations.Select(Json), Caller.Admin),
            Requests.WithoutBody("GET", Hostile.Query("status").Select(q => "/admin/operators" + q), Caller.Admin),
            Requests.WithoutBody("GET", Requests.Path(anyOperator, o => $"/admin/operators/{o}", Requests.RarelyQuery("x")), Caller.Admin),
            Requests.WithoutBody("GET", Requests.Path(anyOperator, o => $"/admin/operators/{o}/api-keys", Requests.RarelyQuery("x")), Caller.Admin),
            Requests.WithBody("PUT", victim.Select(o => $"/admin/operators/{o}/contact"), Registrations.Select(r => Json(r.Contact)), Caller.Admin),
            Requests.WithBody("PUT", victim.Select(o => $"/admin/operators/{o}/license"), Registrations.Select(r => Json(r.License)), Caller.Admin),
            Requests.WithBody("POST", Hostile.Segment(fixture.StatusOprid).Select(o => $"/admin/operators/{o}/status"),
                Gen.Elements("active", "suspended", "pending", "revoked").Select(s => Json(new { status = s, reason = "fuzz" })), Caller.Admin),
            Requests.WithBody("PUT", victim.Select(o => $"/admin/operators/{o}/lottery-provider"),
                Gen.Constant(Json(new { providerCode = "43", allowedIps = new[] { "127.0.0.1", "10.0.0.0/8" }, enabled = true })), Caller.Admin),
            Requests.WithBody("POST", victim.Select(o => $"/admin/operators/{o}/pos"),
                Gen.Choose(8, 99_999).Select(p => Json(new { posCode = p.ToString(CultureInfo.InvariantCulture), printerSerial = $"ZF{p:D8}", administrative = false })),
                Caller.Admin),
            Requests.WithBody("PUT", Gen.Zip(victim, Hostile.Segment("7", "1", "8")).Select(t => $"/admin/operators/{t.Item1}/pos/{t.Item2}"),
                Gen.Constant(Json(new { active = true, administrative = false, printerSerial = "ZFUZZ00009" })), Caller.Admin),
            Requests.WithBody("POST", victim.Select(o => $"/admin/operators/{o}/vault/ssh-keys"), Gen.Constant(Json(new { publicKey = fixture.SshPublicKey })),
                Caller.Admin),
            Requests.WithoutBody("DELETE", Requests.Path(victim, o => $"/admin/operators/{o}/vault/ssh-keys", Gen.Frequency(
                (1, Gen.Constant("?fingerprint=" + Hostile.PercentEncode(fixture.VictimSshFingerprint))), (3, Hostile.Query("fingerprint")))), Caller.Admin),
            Requests.WithBody("PUT", victim.Select(o => $"/admin/operators/{o}/vault/signing-certificate"), Gen.Constant(Json(new { pem = fixture.CertificatePem })),
                Caller.Admin),
            Requests.WithBody("POST", victim.Select(o => $"/admin/operators/{o}/api-keys"),
                Gen.Constant(Json(new { environment = "homologation", scopes = new[] { "read", "betting-events" } })), Caller.Admin),
            Requests.WithoutBody("POST", Gen.Zip(victim, Hostile.Segment(fixture.VictimKeyId)).Select(t => $"/admin/operators/{t.Item1}/api-keys/{t.Item2}/rotate"),
                Caller.Admin),
            Requests.WithoutBody("DELETE", Gen.Zip(victim, Hostile.Segment(fixture.VictimKeyId)).Select(t => $"/admin/operators/{t.Item1}/api-keys/{t.Item2}"),
                Caller.Admin));
        return Fuzz.CheckAsync(output, nameof(OperatorAdministrationNeverFailsAndRefusedChangesStoreNothing), requests, 600,
            r => Fuzz.RefusedChangesNothingAsync(fixture, r));
    }

    [Fact]
    public Task StaffAdministrationNeverFailsAndRefusedChangesStoreNothing()
    {
        var email = Hostile.Segment(fixture.StaffEmail, "nobody@lottopar.example.com.br", Hostile.PercentEncode(fixture.StaffEmail.ToUpperInvariant()));
        var drafts = Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Elements("auditor", "integrity-analyst", "lottopar-admin", "operator-viewer", "operator-admin"))
            .Select(t => Json(new
            {
                email = $"fuzz.{t.Item1}@lottopar.example.com.br",
                fullName = "Fuzz Person",
                mobile = "(41) 99876-5432",
                roles = new[] { t.Item2 },
                oprid = t.Item2.StartsWith("operator", StringComparison.Ordinal) ? fixture.VictimOprid : null,
            }));
        var reason = Gen.Constant(Json(new { reason = "fuzz" }));
        var requests = Gen.OneOf(
            Requests.WithBody("POST", Gen.Constant("/admin/staff"), drafts, Caller.Admin),
            Requests.WithoutBody("GET", Hostile.Query("oprid").Select(q => "/admin/staff" + q), Caller.Admin),
            Requests.WithoutBody("GET", email.Select(e => $"/admin/staff/{e}"), Caller.Admin),
            Requests.WithBody("POST", email.Select(e => $"/admin/staff/{e}/disable"), reason, Caller.Admin),
            Requests.WithBody("POST", email.Select(e => $"/admin/staff/{e}/enable"), reason, Caller.Admin),
            Requests.WithoutBody("POST", email.Select(e => $"/admin/staff/{e}/reset-second-factor"), Caller.Admin));
        return Fuzz.CheckAsync(output, nameof(StaffAdministrationNeverFailsAndRefusedChangesStoreNothing), requests, 200,
            r => Fuzz.RefusedChangesNothingAsync(fixture, r));
    }

    [Fact]
    public Task AuditAndSecurityLogFiltersNeverFailTheServer()
    {
        var requests = Gen.OneOf(
            Requests.WithoutBody("GET", Hostile.Query("oprid", "targetType", "targetId", "actor", "action", "from", "to", "limit").Select(q => "/admin/audit" + q),
                Caller.Admin),
            Requests.WithoutBody("GET", Hostile.Query("oprid", "code", "from", "to", "limit").Select(q => "/admin/security-events" + q), Caller.Admin));
        return Fuzz.CheckAsync(output, nameof(AuditAndSecurityLogFiltersNeverFailTheServer), requests, 200, r => Fuzz.RefusedChangesNothingAsync(fixture, r));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, TestJson.Options);
}
