using System.Security.Cryptography;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.Security;

namespace Lottopar.Silo.Commands;

/// <summary>
/// <c>Lottopar.Silo.dll bootstrap-admin --email E [--name N] [--cpf CPF]</c>: creates the first LOTTOPAR
/// admin, active at once (with a CPF, barred from betting as LOTTOPAR's staff are), and prints its generated password and authenticator secret as shell
/// variables (shown this once). Refuses when the account exists (exit code 3).
/// </summary>
public static class BootstrapAdminCommand
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var email = Argument(args, "--email") ?? "admin@lottopar.local";
        var name = Argument(args, "--name") ?? "LOTTOPAR Admin";
        var cpf = Argument(args, "--cpf");
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        await app.StartAsync();
        try
        {
            var enrollment = await app.Services.GetRequiredService<StaffAccounts>().Of(email).BootstrapAsync(
                new StaffUserDraft(email, name, null, [StaffRole.LottoparAdmin.WireName()], null, cpf), password, Actor.System("bootstrap-admin"));
            Console.WriteLine($"LOTTOPAR_ADMIN_EMAIL={email.Trim().ToLowerInvariant()}");
            Console.WriteLine($"LOTTOPAR_ADMIN_PASSWORD={password}");
            Console.WriteLine($"LOTTOPAR_ADMIN_TOTP_SECRET={enrollment.SecretBase32}");
            Console.WriteLine($"LOTTOPAR_ADMIN_OTPAUTH_URI='{enrollment.OtpAuthUri}'");
            return 0;
        }
        catch (DomainConflictException conflict)
        {
            await Console.Error.WriteLineAsync($"bootstrap-admin: {conflict.Message} Use the password reset or another e-mail.");
            return 3;
        }
        catch (DomainValidationException invalid)
        {
            await Console.Error.WriteLineAsync($"bootstrap-admin: {invalid.Message}");
            return 2;
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
