using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Lottopar.Grains.Lottery;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Silo.Tests.Lottery;
using Xunit;

namespace Lottopar.Silo.Tests.Fuzzing;

[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<FuzzFixture>
{
    public const string Name = "Fuzzing";
}

/// <summary>
/// One real silo on a Kestrel socket for every fuzzing property (they run one after another), with
/// the data a request needs to get past its first checks: an operator with an API key and a recorded
/// event (the betting reads), a second operator with a provider, a POS, an SSH key and an API key for the
/// admin endpoints to change, an invited staff account, and a lottery provider allowing 127.0.0.1 with a
/// sold ticket. The clock stands at 09:00 in São Paulo, so every turn is open.
/// </summary>
public sealed class FuzzFixture : IAsyncLifetime
{
    /// <summary>An answer that does not come in this time is a hang.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Kestrel's default MaxRequestLineSize, which the silo keeps.</summary>
    private const int KestrelRequestLineLimit = 8_192;

    private HttpClient _http = null!;

    private string _baseAddress = null!;

    private string _adminToken = null!;

    public PlatformHost Silo { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public string OperatorKey { get; private set; } = null!;

    public string Oprid { get; private set; } = null!;

    public string EventId { get; private set; } = null!;

    public string BetSlipId { get; private set; } = null!;

    public string Cpf { get; private set; } = null!;

    /// <summary>The operator the admin properties may change (never the one the betting properties use).</summary>
    public string VictimOprid { get; private set; } = null!;

    /// <summary>The operator whose status the admin properties change: a revocation is final and would stop every other change to the victim.</summary>
    public string StatusOprid { get; private set; } = null!;

    public string VictimKeyId { get; private set; } = null!;

    public string VictimSshFingerprint { get; private set; } = null!;

    public string StaffEmail { get; private set; } = null!;

    public string CertificatePem { get; private set; } = null!;

    public string SshPublicKey { get; private set; } = null!;

    public const string ProviderCode = "42";

    public const string PosSerial = "ZFUZZ00028";

    public string Ticket { get; private set; } = null!;

    /// <summary>The catalog as the silo started with it; restored after a fuzzed replacement was accepted.</summary>
    public string CatalogJson { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public async Task InitializeAsync()
    {
        Silo = await PlatformHost.StartAsync(kestrel: true, settings: new Dictionary<string, string?>
        {
            // Rate limits are not what this suite explores: with the test clock standing still, the
            // default burst of 400 would run dry and every later request would be a 429.
            ["Lottopar:ApiKeys:Burst"] = "100000000",

            // Thousands of refusals are logged at Information; a failure (a 5xx) is an Error and still shows.
            ["Logging:LogLevel:Default"] = "Warning",
        });
        WebSaleFixture.MoveToNineInTheMorning(Silo);
        Admin = await Silo.AdminAsync();
        _adminToken = Admin.DefaultRequestHeaders.Authorization!.Parameter!;
        _baseAddress = Silo.CreateClient().BaseAddress!.GetLeftPart(UriPartial.Authority);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        Today = LotteryCalendar.SaleDate(Silo.Clock.GetUtcNow());

        Oprid = await PlatformHost.OnboardAsync(Admin);
        OperatorKey = await PlatformHost.IssueKeyAsync(Admin, Oprid, "homologation", "betting-events", "read");
        Cpf = BettingFixture.NewCpf();
        BetSlipId = $"slip_fuzz_{Guid.NewGuid():N}";
        var accepted = await BettingFixture.AcceptedAsync(await BettingFixture.PostAsync(Silo.WithApiKey(OperatorKey),
            BettingFixture.Example("single-new-bet", j =>
            {
                j["tax_id"] = Cpf;
                j["bet_slip_id"] = BetSlipId;
            })));
        EventId = accepted["event_id"]!.GetValue<string>();

        VictimOprid = await PlatformHost.OnboardAsync(Admin);
        StatusOprid = await PlatformHost.OnboardAsync(Admin);
        VictimKeyId = (await PlatformHost.IssueKeyAsync(Admin, VictimOprid)).Split('_')[3];
        await Expect.StatusAsync(await Admin.PutAsJsonAsync($"/admin/operators/{VictimOprid}/lottery-provider",
            new { providerCode = "43", allowedIps = new[] { "127.0.0.1" }, enabled = true }), 200);
        await Expect.StatusAsync(await Admin.PostAsJsonAsync($"/admin/operators/{VictimOprid}/pos", new { posCode = "7", printerSerial = "ZFUZZ00007" }), 200);
        SshPublicKey = NewSshPublicKey();
        var vault = await Expect.JsonAsync(await Admin.PostAsJsonAsync($"/admin/operators/{VictimOprid}/vault/ssh-keys", new { publicKey = SshPublicKey }));
        VictimSshFingerprint = vault.GetProperty("sshKeys")[0].GetProperty("fingerprint").GetString()!;
        SshPublicKey = NewSshPublicKey();
        CertificatePem = NewCertificatePem();

        StaffEmail = $"fuzz-{Guid.NewGuid():N}@lottopar.example.com.br";
        await Expect.StatusAsync(await Admin.PostAsJsonAsync("/admin/staff", new { email = StaffEmail, fullName = "Fuzz Staff", roles = new[] { "auditor" } }), 201);

        var seller = await PlatformHost.OnboardAsync(Admin);
        await Expect.StatusAsync(await Admin.PutAsJsonAsync($"/admin/operators/{seller}/lottery-provider",
            new { providerCode = ProviderCode, allowedIps = new[] { "127.0.0.1", "::1" }, enabled = true }), 200);
        await Expect.StatusAsync(await Admin.PostAsJsonAsync($"/admin/operators/{seller}/pos", new { posCode = "28", printerSerial = PosSerial }), 200);
        await Expect.StatusAsync(await Admin.PostAsJsonAsync($"/admin/operators/{seller}/pos",
            new { posCode = "1", printerSerial = "ZFUZZ00001", administrative = true }), 200);
        var sale = await SendAsync(new FuzzRequest("POST", "/webSale.jsp", Caller.Anonymous, [], "application/x-www-form-urlencoded",
            Encoding.ASCII.GetBytes($"operation=0&data=01%7C01%7C123%7C1%3B&providercod={ProviderCode}&poscod=28&serialifa={PosSerial}&numfact=00000001")));
        Ticket = TicketNumber.TryParse(sale.Body, out _) ? sale.Body : throw new InvalidOperationException($"No ticket sold: {sale.Status} {sale.Body}");

        CatalogJson = (await Admin.GetFromJsonAsync<JsonObject>("/admin/lottery/settings"))!["catalog"]!.ToJsonString();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await Silo.DisposeAsync();
    }

    /// <summary>Sends the request exactly as written (no canonicalisation of the target); a missing answer after <see cref="AnswerTimeout"/> is a hang.</summary>
    public async Task<FuzzAnswer> SendAsync(FuzzRequest request)
    {
        var target = new Uri(_baseAddress + request.Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);

        // A connection of its own per request: after a body it did not read in full (a webSale form over
        // 16 KB, any body over the endpoint's limit) the server closes the connection once it has answered,
        // and the next request on it would fail for a reason that is not its own.
        message.Headers.ConnectionClose = true;
        switch (request.Caller)
        {
            case Caller.Admin:
                message.Headers.TryAddWithoutValidation("Authorization", $"Bearer {_adminToken}");
                break;
            case Caller.Operator:
                message.Headers.TryAddWithoutValidation("x-api-key", OperatorKey);
                break;
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            // A header the request names replaces the caller's (a garbage key instead of the good one).
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = new CancellationTokenSource(AnswerTimeout);
        try
        {
            using var response = await _http.SendAsync(message, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new FuzzAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new FuzzFailureException($"no answer within {AnswerTimeout.TotalSeconds:0} s (a hang)", request, null, null);
        }
        catch (HttpRequestException) when (Encoding.UTF8.GetByteCount(target.PathAndQuery) > KestrelRequestLineLimit)
        {
            // Kestrel answers 414 and closes the connection as soon as the request line passes its limit; a
            // client still writing a request line of hundreds of kilobytes may then see the connection reset
            // instead of the answer. The server refused the request all the same.
            return FuzzAnswer.ClosedByServer;
        }
    }

    /// <summary>An OpenSSH ed25519 public key line with a random key.</summary>
    private static string NewSshPublicKey()
    {
        var type = Encoding.ASCII.GetBytes("ssh-ed25519");
        var blob = new byte[4 + type.Length + 4 + 32];
        BinaryPrimitives.WriteInt32BigEndian(blob, type.Length);
        type.CopyTo(blob, 4);
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(4 + type.Length), 32);
        RandomNumberGenerator.Fill(blob.AsSpan(8 + type.Length));
        return $"ssh-ed25519 {Convert.ToBase64String(blob)} fuzz@lottopar";
    }

    /// <summary>A self-signed P-256 certificate valid for a year, as PEM.</summary>
    private static string NewCertificatePem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Fuzz Operator", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.ExportCertificatePem();
    }

    /// <summary>A day of the catalog's calendar as the admin API writes it (yyyy-MM-dd).</summary>
    public string Day(int offset = 0) => Today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What came back: status, media type, body.</summary>
public sealed record FuzzAnswer(int Status, string? MediaType, string Body)
{
    /// <summary>No answer read: the server closed the connection while the client was still sending a request over its limits.</summary>
    public static readonly FuzzAnswer ClosedByServer = new(0, null, "");

    public override string ToString() => $"{Status} {MediaType ?? "(no content type)"}: {FuzzRequest.Shown(Body)}";
}

/// <summary>A broken expectation, with the request and the answer that broke it.</summary>
public sealed class FuzzFailureException(string what, FuzzRequest request, FuzzAnswer? answer, string? stored)
    : Exception($"{what}\nrequest: {request}\nanswer: {answer?.ToString() ?? "(none)"}{(stored is null ? "" : $"\nstored: {stored}")}");
