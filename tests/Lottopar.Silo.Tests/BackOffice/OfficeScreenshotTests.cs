using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Lottopar.Silo.Tests.BackOffice;

/// <summary>
/// The main pages, rendered with some data and photographed: into a temporary directory, or into
/// <c>LOTTOPAR_SCREENSHOTS_DIR</c> (deploy/screenshots.sh sets it to docs/screenshots).
/// </summary>
[Collection(OfficeCollection.Name)]
public sealed class OfficeScreenshotTests(OfficeBrowserFixture fixture)
{
    [Fact]
    public async Task TheMainPagesRenderWithDataAndArePhotographed()
    {
        var directory = Environment.GetEnvironmentVariable("LOTTOPAR_SCREENSHOTS_DIR") is { Length: > 0 } chosen
            ? Directory.CreateDirectory(chosen).FullName
            : Directory.CreateTempSubdirectory("lottopar-screenshots-").FullName;
        var oprid = await PlatformHost.OnboardAsync(fixture.Admin);
        using var client = fixture.Silo.WithApiKey(await PlatformHost.IssueKeyAsync(fixture.Admin, oprid, "homologation", "betting-events"));
        for (var i = 0; i < 3; i++)
        {
            await BettingFixture.AcceptedAsync(await BettingFixture.PostAsync(client,
                BettingFixture.Example("single-new-bet", j => { j["tax_id"] = BettingFixture.NewCpf(); j.Remove("event_date"); j["bet_slip_id"] = $"slip-{Guid.NewGuid():N}"; })));
        }

        var signIn = await fixture.NewPageAsync();
        await signIn.SetViewportSizeAsync(1280, 800);
        await signIn.GotoAsync("/painel/entrar");
        await ShootAsync(signIn, directory, "entrar");

        var page = await fixture.SignedInAsync([StaffRole.LottoparAdmin.WireName()], oprid: null);
        await page.SetViewportSizeAsync(1280, 900);
        await Expect(page.GetByTestId("activity").Locator($"tr[data-oprid='{oprid}'] td").Nth(0)).ToHaveTextAsync("3", new() { Timeout = 30_000 });
        await ShootAsync(page, directory, "inicio");

        foreach (var (path, name) in new[] { ("/painel/operadores", "operadores"), ($"/painel/operadores/{oprid}", "operador"), ("/painel/operadores/novo", "cadastro") })
        {
            await page.GotoAsync(path);
            await OfficeBrowserFixture.InteractiveAsync(page);
            await ShootAsync(page, directory, name);
        }
    }

    private static async Task ShootAsync(IPage page, string directory, string name)
    {
        var file = Path.Combine(directory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 10_000, $"{name}.png is {bytes.Length} bytes: a blank page?");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }
}
