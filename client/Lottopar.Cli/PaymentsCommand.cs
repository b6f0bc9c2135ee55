using System.CommandLine;
using System.Text.Json;
using Lottopar.Client;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary><c>lottopar payments cash-in|status</c>: PIX deposits (scope payments).</summary>
internal static class PaymentsCommand
{
    public static Command Create(CliHost host)
    {
        var payments = new Command("payments", "PIX payments (POST /payments/cash-in, GET /payments/{id}).");
        payments.Subcommands.Add(CashIn(host));
        payments.Subcommands.Add(Status(host));
        return payments;
    }

    private static Command CashIn(CliHost host)
    {
        var connection = new ConnectionOptions(host);
        var cpf = new Option<string>("--cpf") { Description = "The player's CPF", Required = true };
        var amount = new Option<long>("--amount") { Description = "Centavos (5000 is R$ 50,00)", Required = true };
        var reference = new Option<string>("--reference") { Description = "The operator's reference of the deposit", Required = true };
        var expiresIn = new Option<int?>("--expires-in") { Description = "Seconds the charge may be paid (60 to 86400; default 3600)" };
        var key = new Option<string?>("--idempotency-key") { Description = "Repeat it to retry the same deposit (a new one by default, printed)" };
        var qrPng = new Option<FileInfo?>("--qr-png") { Description = "Also write the charge's QR code to this PNG file" };
        var command = new Command("cash-in", "Asks for a deposit: prints its id, status and BR Code (copia e cola). Exit code 0 when created, 1 otherwise.");
        connection.AddTo(command);
        foreach (var option in new Option[] { cpf, amount, reference, expiresIn, key, qrPng })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var idempotencyKey = result.GetValue(key) ?? Guid.NewGuid().ToString();
            host.Out.MarkupLineInterpolated($"idempotency key {idempotencyKey} (repeat it to retry this deposit)");
            return await CallAsync(host, connection, result, client => client.CashInAsync(
                result.GetValue(cpf)!, result.GetValue(amount), result.GetValue(reference)!, result.GetValue(expiresIn), idempotencyKey, cancellationToken),
                async deposit =>
                {
                    if (result.GetValue(qrPng) is { } file)
                    {
                        await File.WriteAllBytesAsync(file.FullName, Convert.FromBase64String(deposit.GetProperty("qrCodePng").GetString()!), cancellationToken);
                        host.Out.MarkupLineInterpolated($"QR code in {file.FullName}");
                    }
                });
        });
        return command;
    }

    private static Command Status(CliHost host)
    {
        var connection = new ConnectionOptions(host);
        var id = new Argument<string>("id") { Description = "The payment's id" };
        var command = new Command("status", "A payment and what became of it. Exit code 0 when it was found, 1 otherwise.");
        command.Arguments.Add(id);
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) =>
            CallAsync(host, connection, result, client => client.GetPaymentAsync(result.GetValue(id)!, cancellationToken), _ => Task.CompletedTask));
        return command;
    }

    private static async Task<int> CallAsync(CliHost host, ConnectionOptions connection, ParseResult result, Func<LottoparClient, Task<ReadResult>> call, Func<JsonElement, Task> then)
    {
        if (!connection.TryConnect(result, maxConnections: 1, out var connected))
        {
            return 1;
        }

        using (connected)
        {
            ReadResult answer;
            try
            {
                answer = await call(connected.Client);
            }
            catch (HttpRequestException e)
            {
                host.Error.MarkupLineInterpolated($"[red]error:[/] could not reach {connected.BaseAddress}: {e.Message}");
                return 1;
            }

            if (answer.Document is not { } payment)
            {
                host.Out.MarkupLineInterpolated($"[red]{EventPrinter.Status(answer.StatusCode)}[/]");
                EventPrinter.PrintProblem(host.Out, answer.Problem, answer.RetryAfter);
                return 1;
            }

            host.Out.MarkupLineInterpolated(
                $"[bold]{payment.GetProperty("id").GetString()}[/] {payment.GetProperty("status").GetString()} {Money.Format(payment.GetProperty("amount").GetInt64())} {payment.GetProperty("cpf").GetString()} ref {payment.GetProperty("reference").GetString()}");
            host.Out.MarkupLineInterpolated($"expires {payment.GetProperty("expiresAt").GetString()}");
            host.Out.WriteLine(payment.GetProperty("brCode").GetString()!);
            if (payment.TryGetProperty("endToEndId", out var e2e) && e2e.ValueKind == JsonValueKind.String)
            {
                host.Out.MarkupLineInterpolated($"paid {e2e.GetString()} at {payment.GetProperty("settledAt").GetString()}");
            }

            await then(payment);
            return 0;
        }
    }
}
