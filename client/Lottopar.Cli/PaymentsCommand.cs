using System.CommandLine;
using System.Text.Json;
using Lottopar.Client;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary><c>lottopar payments cash-in|cash-out|status|payout-account</c>: PIX deposits and payouts (scope payments).</summary>
internal static class PaymentsCommand
{
    public static Command Create(CliHost host)
    {
        var payments = new Command("payments", "PIX payments (POST /payments/cash-in and /payments/cash-out, GET /payments/{id}, /players/payout-account).");
        payments.Subcommands.Add(CashIn(host));
        payments.Subcommands.Add(CashOut(host));
        payments.Subcommands.Add(Status(host));
        payments.Subcommands.Add(PayoutAccount(host));
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

    private static Command CashOut(CliHost host)
    {
        var connection = new ConnectionOptions(host);
        var cpf = new Option<string>("--cpf") { Description = "The player's CPF (the payout goes to the player's registered account)", Required = true };
        var amount = new Option<long>("--amount") { Description = "Centavos (5000 is R$ 50,00)", Required = true };
        var reference = new Option<string>("--reference") { Description = "The operator's reference of the payout", Required = true };
        var key = new Option<string?>("--idempotency-key") { Description = "Repeat it to retry the same payout (a new one by default, printed)" };
        var command = new Command("cash-out", "Asks for a payout: prints its id and status (pending, completed, failed). Exit code 0 when created, 1 otherwise.");
        connection.AddTo(command);
        foreach (var option in new Option[] { cpf, amount, reference, key })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var idempotencyKey = result.GetValue(key) ?? Guid.NewGuid().ToString();
            host.Out.MarkupLineInterpolated($"idempotency key {idempotencyKey} (repeat it to retry this payout)");
            return await CallAsync(host, connection, result, client => client.CashOutAsync(
                result.GetValue(cpf)!, result.GetValue(amount), result.GetValue(reference)!, idempotencyKey, cancellationToken), _ => Task.CompletedTask);
        });
        return command;
    }

    private static Command PayoutAccount(CliHost host)
    {
        var account = new Command("payout-account", "Where a player's payouts go: a PIX key the player holds (PUT /players/payout-account).");
        var setConnection = new ConnectionOptions(host);
        var setCpf = new Option<string>("--cpf") { Description = "The player's CPF", Required = true };
        var pixKey = new Option<string>("--pix-key") { Description = "The player's PIX key: their CPF, an e-mail, a phone (+5541...) or a random key", Required = true };
        var set = new Command("set", "Registers or changes the account; the PSP's directory must say the player holds the key. Exit code 0 when registered.");
        setConnection.AddTo(set);
        set.Options.Add(setCpf);
        set.Options.Add(pixKey);
        set.SetAction((result, cancellationToken) => AccountAsync(host, setConnection, result,
            client => client.SetPayoutAccountAsync(result.GetValue(setCpf)!, result.GetValue(pixKey)!, cancellationToken)));
        var showConnection = new ConnectionOptions(host);
        var showCpf = new Option<string>("--cpf") { Description = "The player's CPF", Required = true };
        var show = new Command("show", "The registered account, its key masked. Exit code 0 when there is one.");
        showConnection.AddTo(show);
        show.Options.Add(showCpf);
        show.SetAction((result, cancellationToken) => AccountAsync(host, showConnection, result,
            client => client.GetPayoutAccountAsync(result.GetValue(showCpf)!, cancellationToken)));
        account.Subcommands.Add(set);
        account.Subcommands.Add(show);
        return account;
    }

    private static async Task<int> AccountAsync(CliHost host, ConnectionOptions connection, ParseResult result, Func<LottoparClient, Task<ReadResult>> call)
    {
        if (await AnswerAsync(host, connection, result, call) is not { } account)
        {
            return 1;
        }

        host.Out.MarkupLineInterpolated(
            $"[bold]{account.GetProperty("cpf").GetString()}[/] pays out to {account.GetProperty("keyType").GetString()} {account.GetProperty("pixKey").GetString()} ({account.GetProperty("holderName").GetString()}, bank {account.GetProperty("ispb").GetString()}), checked {account.GetProperty("verifiedAt").GetString()}");
        return 0;
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

    /// <summary>Prints a payment (a deposit: its expiry and BR Code; a payout: its key and why it failed) and runs <paramref name="then"/> on it.</summary>
    private static async Task<int> CallAsync(CliHost host, ConnectionOptions connection, ParseResult result, Func<LottoparClient, Task<ReadResult>> call, Func<JsonElement, Task> then)
    {
        if (await AnswerAsync(host, connection, result, call) is not { } payment)
        {
            return 1;
        }

        host.Out.MarkupLineInterpolated(
            $"[bold]{payment.GetProperty("id").GetString()}[/] {payment.GetProperty("status").GetString()} {Money.Format(payment.GetProperty("amount").GetInt64())} {payment.GetProperty("cpf").GetString()} ref {payment.GetProperty("reference").GetString()}");
        var payout = payment.TryGetProperty("kind", out var kind) && kind.GetString() == "cash_out";
        if (payout)
        {
            host.Out.MarkupLineInterpolated($"to {payment.GetProperty("pixKey").GetString()}");
        }
        else
        {
            host.Out.MarkupLineInterpolated($"expires {payment.GetProperty("expiresAt").GetString()}");
            host.Out.WriteLine(payment.GetProperty("brCode").GetString()!);
        }

        if (payment.TryGetProperty("endToEndId", out var e2e) && e2e.ValueKind == JsonValueKind.String)
        {
            host.Out.MarkupLineInterpolated($"{(payout ? "sent" : "paid")} {e2e.GetString()} at {payment.GetProperty("settledAt").GetString()}");
        }

        if (payment.TryGetProperty("failureReason", out var reason) && reason.ValueKind == JsonValueKind.String)
        {
            host.Out.MarkupLineInterpolated($"[red]failed:[/] {reason.GetString()} (nothing was sent)");
        }

        await then(payment);
        return 0;
    }

    /// <summary>The answer's document, or null after printing why there is none (unreachable, or the problem the platform answered).</summary>
    private static async Task<JsonElement?> AnswerAsync(CliHost host, ConnectionOptions connection, ParseResult result, Func<LottoparClient, Task<ReadResult>> call)
    {
        if (!connection.TryConnect(result, maxConnections: 1, out var connected))
        {
            return null;
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
                return null;
            }

            if (answer.Document is not { } document)
            {
                host.Out.MarkupLineInterpolated($"[red]{EventPrinter.Status(answer.StatusCode)}[/]");
                EventPrinter.PrintProblem(host.Out, answer.Problem, answer.RetryAfter);
                return null;
            }

            return document;
        }
    }
}
