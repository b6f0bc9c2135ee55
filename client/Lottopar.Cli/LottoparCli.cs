using System.CommandLine;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>Where the tool writes and what it reads from the environment; tests pass their own.</summary>
/// <param name="Environment">Looks up an environment variable (LOTTOPAR_URL, LOTTOPAR_API_KEY).</param>
internal sealed record CliHost(IAnsiConsole Out, IAnsiConsole Error, Func<string, string?> Environment);

/// <summary>The <c>lottopar</c> command tree.</summary>
internal static class LottoparCli
{
    public static Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken = default)
    {
        var events = new Command("events", "Betting events (POST /betting-events).");
        events.Subcommands.Add(EventsSendCommand.Create(host));

        var load = new Command("load", "Load tests against the platform.");
        load.Subcommands.Add(LoadCommand.Create(host));
        load.Subcommands.Add(PosLoadCommand.Create(host));
        load.Subcommands.Add(VaultLoadCommand.Create(host));
        load.Subcommands.Add(PaymentsLoadCommand.Create(host));

        var vault = new Command("vault", "Hourly files for LOTTOPAR's electronic vault (docs/vault-format.md).");
        vault.Subcommands.Add(VaultGenerateCommand.Create(host));
        vault.Subcommands.Add(VaultBuildCommand.Create(host));
        vault.Subcommands.Add(VaultSealCommand.Create(host));
        vault.Subcommands.Add(VaultPushCommand.Create(host));
        vault.Subcommands.Add(VaultReceiptCommand.Create(host));

        var root = new RootCommand("lottopar: the LOTTOPAR monitoring platform from an operator's side.");
        root.Subcommands.Add(events);
        root.Subcommands.Add(CpfCommand.Create(host));
        root.Subcommands.Add(PaymentsCommand.Create(host));
        root.Subcommands.Add(SandboxCommand.Create(host));
        root.Subcommands.Add(PosCommand.Create(host));
        root.Subcommands.Add(vault);
        root.Subcommands.Add(load);

        // Help and parse errors go where the rest of the output goes.
        var configuration = new InvocationConfiguration
        {
            Output = host.Out.Profile.Out.Writer,
            Error = host.Error.Profile.Out.Writer,
        };
        return root.Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
