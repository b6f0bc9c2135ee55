using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Security;
using Lottopar.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Lottopar.Silo.Tests.Infrastructure;

/// <summary>
/// The real silo (Program) in the test host, on a database of its own, with a clock the test
/// moves. Helpers sign staff in with real authenticator codes and onboard operators through the API.
/// </summary>
public sealed class PlatformHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private readonly Action<IServiceCollection>? _services;

    private int _stopped;

    private PlatformHost(SiloDatabase database, string dataDirectory, Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        Database = database;
        DataDirectory = dataDirectory;
        _settings = settings;
        _services = services;
    }

    public SiloDatabase Database { get; }

    public string DataDirectory { get; }

    /// <summary>Starts at the real time (certificates made by openssl just now must be valid), then moves only when told.</summary>
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow, realTimers: true);

    public Orleans.IGrainFactory Grains => Services.GetRequiredService<Orleans.IGrainFactory>();

    /// <summary>Faults a test can arm in the silo's grain storage and serialiser.</summary>
    public FaultInjector Faults => Services.GetRequiredService<FaultInjector>();

    /// <param name="routeDatabase">Rewrites the silo's connection string (e.g. through a <see cref="TcpProxy"/>); the test's own reads go direct.</param>
    /// <param name="services">Registrations of the test's own (a log sink), after the silo's.</param>
    /// <param name="kestrel">Serve on a real Kestrel socket on 127.0.0.1 instead of the in-memory test server (what the server itself does with a request).</param>
    public static async Task<PlatformHost> StartAsync(
        DeploymentEnvironment environment = DeploymentEnvironment.Homologation,
        IDictionary<string, string?>? settings = null,
        Func<string, string>? routeDatabase = null,
        bool kestrel = false,
        Action<IServiceCollection>? services = null)
    {
        var database = await SiloDatabase.CreateAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("lottopar-silo-").FullName;
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Lottopar"] = routeDatabase?.Invoke(database.ConnectionString) ?? database.ConnectionString,
            ["Lottopar:DataDirectory"] = dataDirectory,
            ["Lottopar:Environment"] = environment.ToString(),
            ["Lottopar:StartupDatabaseTimeout"] = "00:00:05",
            ["Lottopar:Providers:StreamPollInterval"] = "00:00:01", // the default: commits wake the projections (NOTIFY); the poll is their fallback
            ["Lottopar:Notifications:Mode"] = "Outbox",
            ["Lottopar:Orleans:SiloPort"] = "0",
            ["Lottopar:Orleans:GatewayPort"] = "0",
            ["Logging:LogLevel:Orleans"] = "Warning", // its start-up and membership lines, per test host, drown the output

            // The integrity module's stream consumers cost every test silo 64 pulling agents and each event two grain
            // calls; the tests of the integrity module (and of the stream provider) turn it on (IntegrityOn).
            ["Lottopar:Integrity:Enabled"] = "false",

            // Tests share one client address; the tests of these limits set them low again.
            ["Lottopar:Auth:RequestsPerMinutePerAddress"] = "100000",
            ["Lottopar:Auth:PasswordResetsPerHourPerAddress"] = "100000",
            ["Lottopar:Refusals:PerAddress"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = new PlatformHost(database, dataDirectory, all, services);
        if (kestrel)
        {
            host.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0)); // explicit, as the silo's webhook port is: both are bound
            host.StartServer();
        }
        else
        {
            _ = host.Server; // start now, so failures surface here
        }

        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // Orleans' own areas (membership, messaging, directory...) keep real time: the manual
            // clock is the business date of the platform's code, not the cluster's heartbeat.
            services.AddKeyedSingleton<TimeProvider>(KeyedService.AnyKey, TimeProvider.System);
            // A silo whose database a test took away cannot leave the cluster gracefully; do not wait long.
            services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
            services.AddSingleton<IStartupFilter, TestPeerAddress>();
            services.AddFaultInjection();
            services.AddSingleton<OrleansCallCounter>();
            services.AddSingleton<Orleans.IIncomingGrainCallFilter>(sp => sp.GetRequiredService<OrleansCallCounter>());
            _services?.Invoke(services);
        });
    }

    /// <summary>The header through which a test plays the TCP peer's address (the test server has no sockets).</summary>
    public const string TestPeerHeader = "X-Test-Peer";

    /// <summary>Sets the connection's remote address from <see cref="TestPeerHeader"/>, before anything reads it.</summary>
    private sealed class TestPeerAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(TestPeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(peer.ToString());
                    context.Request.Headers.Remove(TestPeerHeader);
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await StopSiloOnceAsync();
        await base.DisposeAsync();
        await Database.DropAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>
    /// Stops the application through its lifetime, as the process would, and waits until it stopped. The
    /// silo's Program (app.RunAsync) and this factory each stop the host; whichever comes second finds the
    /// Orleans silo stopping and polls it once a second, so the stop is made once, here, before the factory's.
    /// </summary>
    private async Task StopSiloOnceAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        var lifetime = Services.GetRequiredService<IHostApplicationLifetime>();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStopped.Register(() => stopped.TrySetResult()))
        {
            lifetime.StopApplication();
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Stops the silo but keeps its database and data directory, for a restart test.</summary>
    public async ValueTask StopKeepingDataAsync()
    {
        await StopSiloOnceAsync();
        await base.DisposeAsync();
    }

    /// <summary>A new silo on the database and data directory of a stopped one (a restart).</summary>
    public static Task<PlatformHost> RestartAsync(PlatformHost stopped) => StartAsync(settings: new Dictionary<string, string?>
    {
        ["ConnectionStrings:Lottopar"] = stopped.Database.ConnectionString,
        ["Lottopar:DataDirectory"] = stopped.DataDirectory,
    });

    /// <summary>Settings that run the integrity module (off by default in the tests, on in every deployment).</summary>
    public static Dictionary<string, string?> IntegrityOn(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(more ?? new Dictionary<string, string?>()) { ["Lottopar:Integrity:Enabled"] = "true" };
        return settings;
    }

    /// <summary>A new LOTTOPAR admin, bootstrapped directly, signed in through the API.</summary>
    public Task<HttpClient> AdminAsync() => StaffAsync([StaffRole.LottoparAdmin.WireName()], oprid: null);

    /// <summary>A new active account with these roles, signed in through the API.</summary>
    public async Task<HttpClient> StaffAsync(IReadOnlyList<string> roles, string? oprid)
    {
        var staff = await CreateStaffAsync(roles, oprid);
        return await SignInAsync(staff.Email, staff.Password, staff.TotpSecret);
    }

    /// <summary>A new active account with these roles, bootstrapped directly, not signed in.</summary>
    public async Task<StaffCredentials> CreateStaffAsync(IReadOnlyList<string> roles, string? oprid)
    {
        var email = $"staff-{Guid.NewGuid():N}@lottopar.example.com.br";
        const string password = "a long and unique test password";
        var enrollment = await Services.GetRequiredService<Lottopar.Silo.Security.StaffAccounts>().Of(email).BootstrapAsync(
            new StaffUserDraft(email, "Test Staff", null, roles, oprid), password, Actor.System("test"));
        return new StaffCredentials(email, password, enrollment.SecretBase32);
    }

    /// <summary>Signs in with a current authenticator code (moving the clock to a fresh 30-second step).</summary>
    public async Task<HttpClient> SignInAsync(string email, string password, string totpSecret)
    {
        var response = await CreateClient().PostAsJsonAsync("/auth/login", new { email, password, totpCode = TotpNow(totpSecret) });
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<SessionToken>();
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session!.Token);
        return client;
    }

    /// <summary>The authenticator code for now, after moving to the next step (a code is accepted once).</summary>
    public string TotpNow(string secretBase32)
    {
        Clock.Advance(TimeSpan.FromSeconds(30));
        return Totp.Generate(Base32.Decode(secretBase32), Clock.GetUtcNow());
    }

    public HttpClient WithApiKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", key);
        return client;
    }

    /// <summary>Onboards a new operator through the admin API; returns its OPRID.</summary>
    public static async Task<string> OnboardAsync(HttpClient admin, OperatorRegistration? registration = null)
    {
        var response = await admin.PostAsJsonAsync("/admin/operators", registration ?? Registrations.New(), TestJson.Options);
        await Expect.StatusAsync(response, 201);
        return (await response.Content.ReadFromJsonAsync<OperatorView>(TestJson.Options))!.Oprid;
    }

    /// <summary>Issues an API key through the admin API; returns the key (its secret included).</summary>
    public static async Task<string> IssueKeyAsync(HttpClient admin, string oprid, string environment = "homologation", params string[] scopes)
    {
        var response = await admin.PostAsJsonAsync($"/admin/operators/{oprid}/api-keys", new { environment, scopes = scopes.Length > 0 ? scopes : ["read"] });
        await Expect.StatusAsync(response, 201);
        return (await response.Content.ReadFromJsonAsync<IssuedKey>())!.Key;
    }

    public static async Task ActivateAsync(HttpClient admin, string oprid) =>
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/admin/operators/{oprid}/status", new { status = "active", reason = "go-live" }), 200);

    private sealed record SessionToken(string Token);

    private sealed record IssuedKey(string Key);
}

/// <summary>What a staff member signs in with.</summary>
public sealed record StaffCredentials(string Email, string Password, string TotpSecret);
