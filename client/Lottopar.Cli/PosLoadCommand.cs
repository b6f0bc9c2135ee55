using System.CommandLine;
using Lottopar.Client.WebSale;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>
/// <c>lottopar load pos</c>: generated sales from N registered POS terminals at a target rate (or as fast as N
/// workers go), a live progress bar, a summary with every outcome.
/// </summary>
internal static class PosLoadCommand
{
    public static Command Create(CliHost host)
    {
        var url = new UrlOption(host);
        var planOptions = new LoadPlanOptions("sales");
        var provider = PosOptions.Provider();
        var terminals = new Option<int>("--terminals") { Description = "POS terminals selling; each has one sale in flight at a time", DefaultValueFactory = _ => 8 };
        var firstPos = new Option<int>("--first-pos") { Description = "poscod of terminal 0; terminal i is first-pos + i", DefaultValueFactory = _ => 1000 };
        var serialPrefix = new Option<string>("--serial-prefix")
        {
            Description = "Printer serials: the prefix padded with zeros to 10 characters, ending in the terminal's index (ZLOAD00003)",
            DefaultValueFactory = _ => "ZLOAD",
        };
        var draws = new Option<string[]>("--draws")
        {
            Description = $"Draws to sell on, one picked per sale: {string.Join(' ', DefaultDraws.Codes)}",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var amount = new Option<string>("--amount") { Description = "The amount of every sale, '.' decimals", DefaultValueFactory = _ => "0.1" };
        var seed = new Option<int?>("--seed") { Description = "The generator's seed (random by default)" };

        var command = new Command("pos", "Offer generated sales to /webSale.jsp from registered POS terminals and report throughput, latency and outcomes. " +
            "Exit code 0 when every sale got a ticket (full or partial).");
        command.Options.Add(url.Option);
        planOptions.AddTo(command);
        foreach (var option in new Option[] { provider, terminals, firstPos, serialPrefix, draws, amount, seed })
        {
            command.Options.Add(option);
        }

        draws.Validators.Add(result =>
        {
            foreach (var draw in result.GetValueOrDefault<string[]>().Where(draw => !DefaultDraws.TryGetTypes(draw, out _)))
            {
                result.AddError($"--draws: '{draw}' is not a draw of the document's table ({string.Join(' ', DefaultDraws.Codes)}).");
            }
        });
        amount.Validators.Add(result =>
        {
            if (!WireAmount.TryParse(result.GetValueOrDefault<string>(), out var cents) || cents == 0)
            {
                result.AddError($"--amount must be above 0 with '.' and at most 2 decimals (0.1, 1.50), not '{result.GetValueOrDefault<string>()}'.");
            }
        });

        command.SetAction(async (result, cancellationToken) =>
        {
            // Checked here, not in a command validator: there an option left at its default reads as 0 or null.
            if (LoadTerminals.Check(result.GetValue(terminals), result.GetValue(firstPos), result.GetValue(serialPrefix)) is { } problem)
            {
                host.Error.MarkupLineInterpolated($"[red]error:[/] {problem}");
                return 1;
            }

            if (!url.TryGetBaseAddress(result, out var baseAddress))
            {
                return 1;
            }

            var plan = planOptions.Plan(result);
            var pool = LoadTerminals.Create(result.GetValue(provider), result.GetValue(terminals), result.GetValue(firstPos), result.GetValue(serialPrefix)!);

            using var http = UrlOption.CreateHttpClient(baseAddress, maxConnections: Math.Min(plan.Concurrency, pool.Count));
            _ = WireAmount.TryParse(result.GetValue(amount), out var cents);
            var sales = new PosSaleGenerator(result.GetValue(draws)!, cents);
            var actualSeed = result.GetValue(seed) ?? Random.Shared.Next();
            var runner = new PosLoadRunner(pool, sales, new PosClient(http), actualSeed);
            host.Out.MarkupLineInterpolated(
                $"{LoadSummary.DescribePlan(plan, "sales")}, {pool.Count} terminals (POS {pool[0].PosCode}-{pool[^1].PosCode}), draws {string.Join(' ', sales.DrawCodes)}, to [bold]{baseAddress}[/] [grey](seed {actualSeed})[/]");

            var report = await LoadProgressBar.RunAsync(host.Out, progress => runner.RunAsync(plan, progress, cancellationToken));
            PosLoadSummary.Print(host.Out, report);
            return report.Tickets + report.PartialTickets == report.Sent && !report.Interrupted ? 0 : 1;
        });
        return command;
    }
}
