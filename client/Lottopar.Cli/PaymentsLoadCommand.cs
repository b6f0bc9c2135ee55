using System.CommandLine;
using Lottopar.Client;
using Lottopar.Client.Payments;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary>
/// <c>lottopar load payments</c>: cash-ins settled end to end (paid by the PSP by itself, as the sandbox does),
/// cash-outs or CPF validations from N workers for a time, or the same calls to the benchmark's floor; a summary.
/// </summary>
internal static class PaymentsLoadCommand
{
    private static readonly Dictionary<string, PaymentsLoadKind> Kinds = new(StringComparer.Ordinal)
    {
        ["cash-in"] = PaymentsLoadKind.CashIn,
        ["cash-out"] = PaymentsLoadKind.CashOut,
        ["cpf"] = PaymentsLoadKind.Cpf,
    };

    public static Command Create(CliHost host)
    {
        var connection = new ConnectionOptions(host);
        var kind = new Option<string>("--kind")
        {
            Description = "cash-in: a deposit of a new player, read every 20 ms until settled; cash-out: payouts to players registered first (their CPF as PIX key); cpf: validations of new CPFs",
            Required = true,
        }.AcceptOnlyFromAmong([.. Kinds.Keys]);
        var seconds = new Option<double?>("--seconds") { Description = "Seconds to start payments for (closed loop)", DefaultValueFactory = _ => 10 }.Positive();
        var concurrency = new Option<int>("--concurrency") { Description = "Workers, each starting its next payment when its previous one has ended", DefaultValueFactory = _ => 16 }.AtLeastOne();
        var floor = new Option<bool>("--floor") { Description = "Send the same calls to the benchmark's floor (/benchmarks/payments-floor/), which only stores each one" };
        var amount = new Option<long>("--amount") { Description = "Centavos of every deposit and payout", DefaultValueFactory = _ => 1_000 }.AtLeastOne();
        var settleTimeout = new Option<double?>("--settle-timeout")
        {
            Description = "Seconds a deposit may take from its creation to settled before it counts as failed",
            DefaultValueFactory = _ => PaymentsLoadRunner.DefaultSettleTimeout.TotalSeconds,
        }.Positive();

        var command = new Command("payments", "Offer cash-ins, cash-outs or CPF validations and report throughput, latency and every failure. Exit code 0 when every one succeeded.");
        connection.AddTo(command);
        foreach (var option in new Option[] { kind, seconds, concurrency, floor, amount, settleTimeout })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var plan = LoadPlan.ClosedLoop(result.GetValue(concurrency), TimeSpan.FromSeconds(result.GetValue(seconds)!.Value));
            if (!connection.TryConnect(result, maxConnections: plan.Concurrency, out var connected))
            {
                return 1;
            }

            using (connected)
            {
                var toFloor = result.GetValue(floor);
                using var floorHttp = toFloor ? UrlOption.CreateHttpClient(PaymentsLoadRunner.FloorAddress(connected.BaseAddress), plan.Concurrency) : null;
                var client = floorHttp is null ? connected.Client : new LottoparClient(floorHttp, result.GetValue(connection.ApiKey)!);
                var runner = new PaymentsLoadRunner(
                    client, Kinds[result.GetValue(kind)!], toFloor, result.GetValue(amount), TimeSpan.FromSeconds(result.GetValue(settleTimeout)!.Value));
                host.Out.MarkupLineInterpolated(
                    $"{LoadSummary.DescribePlan(plan, PaymentsLoadSummary.Unit(Kinds[result.GetValue(kind)!]))}, to [bold]{floorHttp?.BaseAddress ?? connected.BaseAddress}[/]{(toFloor ? " (the floor)" : "")}");
                try
                {
                    var report = await LoadProgressBar.RunAsync(host.Out, progress => runner.RunAsync(plan, progress, cancellationToken));
                    PaymentsLoadSummary.Print(host.Out, report);
                    return report.AllSucceeded ? 0 : 1;
                }
                catch (PaymentsLoadSetupException e)
                {
                    host.Error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                    return 1;
                }
                catch (HttpRequestException e)
                {
                    host.Error.MarkupLineInterpolated($"[red]error:[/] could not reach {connected.BaseAddress}: {e.Message}");
                    return 1;
                }
            }
        });
        return command;
    }
}
