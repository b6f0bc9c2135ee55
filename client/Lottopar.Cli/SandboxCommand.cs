using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary><c>lottopar sandbox pay</c>: the homologation sandbox's PSP pays a charge, as the payer's bank would.</summary>
internal static class SandboxCommand
{
    public static Command Create(CliHost host)
    {
        var sandbox = new Command("sandbox", "The homologation sandbox (deploy/run.sh starts it on http://127.0.0.1:5090).");
        sandbox.Subcommands.Add(Pay(host));
        return sandbox;
    }

    private static Command Pay(CliHost host)
    {
        var txid = new Argument<string>("txid") { Description = "The charge's txid (the deposit's id)" };
        var chave = new Option<string>("--chave") { Description = "The PIX key of the operator's account at the sandbox PSP", Required = true };
        var payer = new Option<string>("--payer-cpf") { Description = "Who pays: the player's CPF, or anyone else's to see a refund", Required = true };
        var late = new Option<bool>("--late") { Description = "Pay even if the charge has expired (a payment already on its way)" };
        var url = new Option<string>("--sandbox-url")
        {
            Description = "The sandbox [env LOTTOPAR_SANDBOX_URL]",
            DefaultValueFactory = _ => host.Environment("LOTTOPAR_SANDBOX_URL") ?? "http://127.0.0.1:5090",
        };
        var token = new Option<string?>("--admin-token")
        {
            Description = "The sandbox's admin token (.data/secrets/sandbox-admin-token) [env LOTTOPAR_SANDBOX_ADMIN_TOKEN]",
            DefaultValueFactory = _ => host.Environment("LOTTOPAR_SANDBOX_ADMIN_TOKEN"),
        };
        var command = new Command("pay", "Pays a charge at the sandbox PSP; the PSP then notifies the platform. Exit code 0 when paid, 1 otherwise.");
        command.Arguments.Add(txid);
        foreach (var option in new Option[] { chave, payer, late, url, token })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(token)))
            {
                host.Error.MarkupLine("[red]error:[/] no sandbox admin token. Pass --admin-token or set LOTTOPAR_SANDBOX_ADMIN_TOKEN.");
                return 1;
            }

            using var http = new HttpClient { BaseAddress = new Uri(result.GetValue(url)!), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-Sandbox-Admin-Token", result.GetValue(token));
            var cpf = new string(result.GetValue(payer)!.Where(char.IsAsciiDigit).ToArray());
            HttpResponseMessage response;
            try
            {
                response = await http.PostAsJsonAsync("psp-sandbox/pay",
                    new { chave = result.GetValue(chave), txid = result.GetValue(txid), pagador_cpf = cpf, ignorar_expiracao = result.GetValue(late) }, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                host.Error.MarkupLineInterpolated($"[red]error:[/] could not reach the sandbox at {http.BaseAddress}: {e.Message}");
                return 1;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    host.Out.MarkupLineInterpolated($"[red]{EventPrinter.Status(response.StatusCode)}[/] {body}");
                    return 1;
                }

                var paid = JsonDocument.Parse(body).RootElement;
                host.Out.MarkupLineInterpolated($"[green]paid[/] {paid.GetProperty("txid").GetString()} R$ {paid.GetProperty("valor").GetString()} end-to-end {paid.GetProperty("endToEndId").GetString()}");
                return 0;
            }
        });
        return command;
    }
}
