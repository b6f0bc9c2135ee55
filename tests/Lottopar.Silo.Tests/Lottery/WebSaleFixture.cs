using System.Globalization;
using System.Net.Http.Json;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests.Lottery;

/// <summary>
/// A silo whose clock stands at 09:00 in São Paulo (every turn of the default catalog is open
/// until 11:55), a signed-in admin, and providers made to order. The client address of the tests
/// is <see cref="ClientIp"/>; <see cref="ProxyIp"/> is a trusted proxy. Orleans' reminders run on
/// real time, so here the one-shots (a turn's closing) tick every second and read the moved clock.
/// </summary>
public sealed class WebSaleFixture : IAsyncLifetime
{
    public const string ClientIp = "203.0.113.10";
    public const string ProxyIp = "10.9.9.9";

    private int _providerCode = 100;

    public PlatformHost Silo { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await PlatformHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Lottopar:WebSale:TrustedProxies:0"] = ProxyIp,
            ["Lottopar:Reminders:Period"] = "00:00:01",
            ["Lottopar:Reminders:LongestSleep"] = "00:00:01",
        });
        MoveToNineInTheMorning(Silo);
        Admin = await Silo.AdminAsync();
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();

    /// <summary>Advances a silo's clock to the next 09:00 in São Paulo (UTC-3, no daylight saving since 2019).</summary>
    public static void MoveToNineInTheMorning(PlatformHost silo)
    {
        var local = silo.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(-3));
        var nine = new DateTimeOffset(local.Date.AddHours(9), local.Offset);
        silo.Clock.Advance((nine > local ? nine : nine.AddDays(1)) - local);
    }

    /// <summary>An operator that is a lottery provider allowing <see cref="ClientIp"/>, with POS 28 (selling) and POS 1 (administrative).</summary>
    public async Task<TestProvider> NewProviderAsync(bool administrativePos = true)
    {
        var oprid = await PlatformHost.OnboardAsync(Admin);
        var code = Interlocked.Increment(ref _providerCode);
        var serial = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await Expect.StatusAsync(await Admin.PutAsJsonAsync($"/admin/operators/{oprid}/lottery-provider",
            new { providerCode = code.ToString(CultureInfo.InvariantCulture), allowedIps = new[] { ClientIp }, enabled = true }), 200);
        await Expect.StatusAsync(await Admin.PostAsJsonAsync($"/admin/operators/{oprid}/pos", new { posCode = "28", printerSerial = serial }), 200);
        await Expect.StatusAsync(await Admin.PostAsJsonAsync($"/admin/operators/{oprid}/pos",
            new { posCode = "1", printerSerial = Guid.NewGuid().ToString("N")[..10], administrative = administrativePos }), 200);
        return new TestProvider(oprid, code, serial);
    }
}

public sealed record TestProvider(string Oprid, int Code, string Serial)
{
    private int _invoice;

    public string NextInvoice() => Interlocked.Increment(ref _invoice).ToString("D8", CultureInfo.InvariantCulture);
}
