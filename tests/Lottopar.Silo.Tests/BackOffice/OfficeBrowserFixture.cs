using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Lottopar.Silo.Tests.BackOffice;

/// <summary>
/// One silo on a real socket and one headless Chromium (Debian's, driven by Playwright) for all the
/// back office's browser tests (<see cref="OfficeCollection"/>); each test opens its own browser
/// context (its own cookies) and creates its own accounts and operators. Open pages re-check their
/// session every second here, so that a test sees a session ended elsewhere close its page.
/// </summary>
public sealed class OfficeBrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium package: Playwright drives it instead of downloading a browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    private IBrowser _browser = null!;

    public PlatformHost Silo { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>A new admin session, for a test that moved the clock past the first one's expiry.</summary>
    public async Task RenewAdminAsync() => Admin = await Silo.AdminAsync();

    public string BaseAddress { get; private set; } = null!;

    private static IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Lottopar:BackOffice:SessionRecheckInterval"] = "00:00:01" };

    public async Task InitializeAsync()
    {
        Silo = await PlatformHost.StartAsync(kestrel: true, settings: Settings);
        Admin = await Silo.AdminAsync();
        BaseAddress = Silo.CreateClient().BaseAddress!.GetLeftPart(UriPartial.Authority);
        // Password hashing and a cold silo's first pages take longer than Playwright's 5 s on 2 busy cores.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Chromium refuses its sandbox to root (CI runs as root); the pages are our own, on 127.0.0.1.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
    }

    /// <summary>
    /// A fresh browser (no cookies) with the back office's language, its pages' base address set. The
    /// ones opened before are closed first (tests run one at a time): a page left open keeps its
    /// circuit, its session checks and its live refreshes running for the rest of the collection.
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        foreach (var open in _browser.Contexts.ToList())
        {
            await open.CloseAsync();
        }

        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress, Locale = "pt-BR", TimezoneId = "America/Sao_Paulo" });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs a new account with these roles in through the sign-in page, with a real authenticator code.</summary>
    public async Task<IPage> SignedInAsync(IReadOnlyList<string> roles, string? oprid)
    {
        var staff = await Silo.CreateStaffAsync(roles, oprid);
        var page = await NewPageAsync();
        await SignInAsync(page, staff);
        await page.WaitForURLAsync("**/painel");
        await InteractiveAsync(page);
        return page;
    }

    /// <summary>Waits until the page's circuit runs it: before that, the prerendered HTML is replaced as it starts.</summary>
    public static Task InteractiveAsync(IPage page) => Assertions.Expect(page.Locator("#conteudo[data-interactive='true']")).ToBeVisibleAsync();

    public async Task SignInAsync(IPage page, StaffCredentials staff, string? code = null)
    {
        await page.GotoAsync("/painel/entrar");
        await page.GetByLabel("E-mail").FillAsync(staff.Email);
        await page.GetByLabel("Senha").FillAsync(staff.Password);
        await page.GetByLabel("Código do autenticador").FillAsync(code ?? Silo.TotpNow(staff.TotpSecret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await Silo.DisposeAsync();
    }
}

/// <summary>The back office's browser tests share one silo and one browser, one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class OfficeCollection : ICollectionFixture<OfficeBrowserFixture>
{
    public const string Name = "back office in Chromium";
}
