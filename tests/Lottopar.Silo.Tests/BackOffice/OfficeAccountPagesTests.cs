using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Lottopar.Silo.Tests.BackOffice;

/// <summary>The pages without a session, in Chromium: an invitation accepted with the authenticator's enrolment (QR code), a password reset.</summary>
[Collection(OfficeCollection.Name)]
public sealed partial class OfficeAccountPagesTests(OfficeBrowserFixture fixture)
{
    private const string Password = "uma senha longa e só desta conta";

    [Fact]
    public async Task AnInvitedAnalystChoosesAPasswordEnrolsTheAuthenticatorFromTheQrCodeAndSignsIn()
    {
        var email = $"analista-{Guid.NewGuid():N}@lottopar.example.com.br";
        await Infrastructure.Expect.StatusAsync(await fixture.Admin.PostAsJsonAsync("/admin/staff", new { email, fullName = "Ana Lima", roles = new[] { "integrity-analyst" } }), 201);
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/painel/entrar");
        await page.GetByRole(AriaRole.Link, new() { Name = "Aceitar convite" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aceitar convite" })).ToBeVisibleAsync(); // an enhanced navigation: no page load to wait for
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Código do convite").FillAsync(await LatestCodeAsync(email));
        await page.GetByLabel("Nova senha").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuar" }).ClickAsync();

        await Expect(page.GetByAltText("Código QR do autenticador")).ToBeVisibleAsync();
        var secret = (await page.GetByTestId("totp-secret").TextContentAsync())!.Trim();

        // A wrong first code keeps the same secret on the page; the right one activates the account.
        await page.GetByLabel("Sua nova senha, de novo").FillAsync(Password);
        await page.GetByLabel("Primeiro código do autenticador").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ativar conta" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("A senha ou o código do autenticador está errado.");
        await Expect(page.GetByTestId("totp-secret")).ToHaveTextAsync(secret);

        await page.GetByLabel("Sua nova senha, de novo").FillAsync(Password);
        await page.GetByLabel("Primeiro código do autenticador").FillAsync(fixture.Silo.TotpNow(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ativar conta" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Conta ativada.");

        await fixture.SignInAsync(page, new StaffCredentials(email, Password, secret));
        await page.WaitForURLAsync("**/painel");
        await Expect(page.GetByTestId("who")).ToContainTextAsync("Analista de integridade LOTTOPAR");
    }

    [Fact]
    public async Task AWrongInvitationCodeIsRefusedAndShowsNoSecret()
    {
        var email = $"auditor-{Guid.NewGuid():N}@lottopar.example.com.br";
        await Infrastructure.Expect.StatusAsync(await fixture.Admin.PostAsJsonAsync("/admin/staff", new { email, fullName = "Rui Alves", roles = new[] { "auditor" } }), 201);
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/painel/convite");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Código do convite").FillAsync("00000000");
        await page.GetByLabel("Nova senha").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuar" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Código inválido ou vencido.");
        await Expect(page.GetByTestId("totp-secret")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AStaffMemberResetsThePasswordWithACodeSentByEmailAndSignsInWithTheNewOne()
    {
        var staff = await fixture.Silo.CreateStaffAsync(["auditor"], oprid: null);
        var page = await fixture.NewPageAsync();
        const string newPassword = "outra senha longa, trocada agora";

        await page.GotoAsync("/painel/entrar");
        await page.GetByRole(AriaRole.Link, new() { Name = "Esqueci a senha" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Redefinir senha" })).ToBeVisibleAsync();
        await page.GetByLabel("E-mail").First.FillAsync(staff.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar código" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se houver uma conta ativa com este e-mail, o código foi enviado.");

        await page.GetByLabel("Código recebido").FillAsync(await LatestCodeAsync(staff.Email));
        await page.GetByLabel("Nova senha").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Salvar nova senha" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Senha alterada.");

        await fixture.SignInAsync(page, staff with { Password = newPassword });
        await page.WaitForURLAsync("**/painel");
    }

    [Fact]
    public async Task AResetForAnAddressWithNoAccountSaysTheSameAsForOne()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/painel/senha");
        await page.GetByLabel("E-mail").First.FillAsync($"ninguem-{Guid.NewGuid():N}@lottopar.example.com.br");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar código" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se houver uma conta ativa com este e-mail, o código foi enviado.");
    }

    private async Task<string> LatestCodeAsync(string recipient)
    {
        var outbox = await fixture.Admin.GetFromJsonAsync<JsonElement>("/dev/outbox?limit=200");
        var message = outbox.EnumerateArray().First(m => m.GetProperty("recipient").GetString() == recipient && m.GetProperty("channel").GetString() == "email");
        return EightDigits().Match(message.GetProperty("body").GetString()!).Value;
    }

    [GeneratedRegex("[0-9]{8}")]
    private static partial Regex EightDigits();
}
