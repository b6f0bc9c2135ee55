using System.CommandLine;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary><c>lottopar cpf validate</c>: may this CPF bet? (POST /cpf/validate, scope cpf).</summary>
internal static class CpfCommand
{
    public static Command Create(CliHost host)
    {
        var cpf = new Command("cpf", "CPF checks (POST /cpf/validate).");
        cpf.Subcommands.Add(Validate(host));
        return cpf;
    }

    private static Command Validate(CliHost host)
    {
        var connection = new ConnectionOptions(host);
        var number = new Argument<string>("cpf") { Description = "The CPF, bare or formatted (123.456.789-09)" };
        var command = new Command("validate",
            "Asks whether the CPF may bet: tax status, age, self-exclusions, LOTTOPAR's barred persons. Prints every reason against. " +
            "Exit code 0 when allowed, 2 when refused, 1 when the platform did not answer the question.");
        command.Arguments.Add(number);
        connection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!connection.TryConnect(result, maxConnections: 1, out var connected))
            {
                return 1;
            }

            using (connected)
            {
                Lottopar.Client.ReadResult answer;
                try
                {
                    answer = await connected.Client.ValidateCpfAsync(result.GetValue(number)!, cancellationToken);
                }
                catch (HttpRequestException e)
                {
                    host.Error.MarkupLineInterpolated($"[red]error:[/] could not reach {connected.BaseAddress}: {e.Message}");
                    return 1;
                }

                if (answer.Document is not { } document)
                {
                    host.Out.MarkupLineInterpolated($"[red]{EventPrinter.Status(answer.StatusCode)}[/]");
                    EventPrinter.PrintProblem(host.Out, answer.Problem, answer.RetryAfter);
                    return 1;
                }

                if (document.GetProperty("allowed").GetBoolean())
                {
                    host.Out.MarkupLine("[green]allowed[/]");
                    return 0;
                }

                host.Out.MarkupLine("[red]refused[/]");
                foreach (var reason in document.GetProperty("reasons").EnumerateArray())
                {
                    host.Out.MarkupLineInterpolated($"    - [bold]{reason.GetProperty("code").GetString()}[/]: {reason.GetProperty("message").GetString()}");
                }

                return 2;
            }
        });
        return command;
    }
}
