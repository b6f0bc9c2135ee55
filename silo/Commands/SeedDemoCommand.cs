using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Validation;
using Lottopar.Providers.Abstractions;
using Lottopar.Silo.Apis;

namespace Lottopar.Silo.Commands;

/// <summary>
/// <c>Lottopar.Silo.dll seed-demo</c>: onboards a demonstration operator, active, with a
/// homologation API key (scopes betting-events, read, vault, cpf, payments, integrity), and makes it lottery provider 42
/// (allowing 127.0.0.1 and ::1) with POS 28 (printer Z000000000, administrative) and POS 29
/// (Z000000001). Prints what a user needs as shell variables (the key is shown this once).
/// Refuses when the demonstration operator exists (exit code 3): deploy/run.sh runs it once.
/// </summary>
public static class SeedDemoCommand
{
    public const string ProviderCode = "42";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await app.StartAsync();
        try
        {
            var grains = app.Services.GetRequiredService<Orleans.IGrainFactory>();
            var actor = Actor.System("seed-demo");
            if (await app.Services.GetRequiredService<IUniqueKeyDirectory>().FindAsync("lottery.provider_code", ProviderCode) is not null)
            {
                await Console.Error.WriteLineAsync($"seed-demo: provider code {ProviderCode} is taken; the demonstration data exists.");
                return 3;
            }

            var oprid = await app.Services.GetRequiredService<ReadModels>().NextOpridAsync(CancellationToken.None);
            var operatorGrain = grains.Keyed<IOperatorGrain>(oprid);
            await operatorGrain.RegisterAsync(new OperatorRegistration(
                "Apostas Demonstração Ltda",
                Cnpj.Format(Cnpj.Complete("424242420001")),
                new License("DEMO-0001", "Aposta de quota fixa", ["esportes", "loterias"], new DateOnly(2026, 1, 1), new DateOnly(2031, 12, 31)),
                new ContactPerson("Demonstração", "demo@operadora.example.com.br", "(41) 3333-4242", "(41) 99999-4242",
                    new PostalAddress("Rua XV de Novembro", "42", null, "Centro", "Curitiba", "PR", "80020-310"))), actor);
            await operatorGrain.ChangeStatusAsync(OperatorStatus.Active, "Demonstration data of deploy/run.sh", actor);
            var key = await grains.Keyed<IApiCredentialsGrain>(oprid).CreateAsync(DeploymentEnvironment.Homologation, ["betting-events", "read", "vault", "cpf", "payments", "integrity"], actor);
            var provider = grains.Keyed<ILotteryProviderGrain>(oprid);
            await provider.ConfigureAsync(ProviderCode, ["127.0.0.1", "::1"], enabled: true, actor);
            await provider.RegisterPosAsync("28", "Z000000000", administrative: true, actor);
            await provider.RegisterPosAsync("29", "Z000000001", administrative: false, actor);

            // With the files deploy/run.sh made: the operator's SSH key and signing certificate for the vault.
            if (OptionValue(args, "--vault-ssh-key") is { } sshKey && OptionValue(args, "--vault-signing-certificate") is { } signingCertificate)
            {
                var vault = grains.Keyed<IVaultCredentialsGrain>(oprid);
                await vault.AddSshKeyAsync(await File.ReadAllTextAsync(sshKey), actor);
                await vault.SetSigningCertificateAsync(await File.ReadAllTextAsync(signingCertificate), actor);
                Console.WriteLine($"LOTTOPAR_DEMO_VAULT_USER={VaultAccountNames.Of(oprid)}");
            }

            Console.WriteLine($"LOTTOPAR_DEMO_OPRID={oprid}");
            Console.WriteLine($"LOTTOPAR_DEMO_API_KEY={key.Key}");
            Console.WriteLine($"LOTTOPAR_DEMO_PROVIDER={ProviderCode}");
            Console.WriteLine("LOTTOPAR_DEMO_POS=28");
            Console.WriteLine("LOTTOPAR_DEMO_SERIAL=Z000000000");
            return 0;
        }
        catch (DomainException failure)
        {
            await Console.Error.WriteLineAsync($"seed-demo: {failure.Message}");
            return 2;
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static string? OptionValue(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
