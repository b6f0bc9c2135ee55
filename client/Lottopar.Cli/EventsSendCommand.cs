using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lottopar.Client;
using Spectre.Console;

namespace Lottopar.Cli;

/// <summary><c>lottopar events send</c>: a JSON file as written, or generated events; each answer printed.</summary>
internal static class EventsSendCommand
{
    private sealed record Outgoing(string Label, Func<string?, CancellationToken, Task<SendResult>> Send, Action<bool>? Answered = null);

    public static Command Create(CliHost host)
    {
        var connection = new ConnectionOptions(host);
        var file = new Option<FileInfo>("--file") { Description = "A JSON file: one event, or an array of events sent in order, each exactly as written" };
        file.AcceptExistingOnly();
        var generate = new Option<bool>("--generate") { Description = "Send events of simulated players instead of a file" };
        var count = new Option<int>("--count") { Description = "With --generate: how many events", DefaultValueFactory = _ => 1 }.AtLeastOne();
        var players = new Option<int>("--players") { Description = "With --generate: how many simulated players", DefaultValueFactory = _ => 1 }.AtLeastOne();
        var seed = new Option<int?>("--seed") { Description = "With --generate: the generator's seed (random by default)" };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Sent as Idempotency-Key; with several events, KEY-1, KEY-2, ..." };

        var command = new Command("send", "Send betting events and print each answer. Exit code 0 when every event was accepted, 1 otherwise.");
        connection.AddTo(command);
        foreach (var option in new Option[] { file, generate, count, players, seed, idempotencyKey })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if ((result.GetValue(file) is not null) == result.GetValue(generate))
            {
                result.AddError("Give either --file or --generate.");
            }
        });

        command.SetAction(async (result, cancellationToken) =>
        {
            if (!connection.TryConnect(result, maxConnections: 4, out var connected))
            {
                return 1;
            }

            using (connected)
            {
                var key = result.GetValue(idempotencyKey);
                if (result.GetValue(file) is { } path)
                {
                    var fromFile = await FromFileAsync(path, connected.Client, cancellationToken);
                    return await SendAllAsync(host, connected, fromFile, fromFile.Count, key, cancellationToken);
                }

                var generated = Generated(host, connected.Client, result.GetValue(count), result.GetValue(players), result.GetValue(seed));
                return await SendAllAsync(host, connected, generated, result.GetValue(count), key, cancellationToken);
            }
        });
        return command;
    }

    /// <param name="outgoing">Enumerated lazily: a generated event is made only after the previous one was answered.</param>
    private static async Task<int> SendAllAsync(
        CliHost host, Connection connection, IEnumerable<Outgoing> outgoing, int total, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var number = 0;
        var accepted = 0;
        foreach (var item in outgoing)
        {
            number++;
            var key = idempotencyKey is null || total == 1 ? idempotencyKey : string.Create(CultureInfo.InvariantCulture, $"{idempotencyKey}-{number}");
            SendResult result;
            try
            {
                result = await item.Send(key, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                host.Error.MarkupLineInterpolated($"[red]error:[/] could not reach {connection.BaseAddress}: {e.Message}");
                return 1;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                host.Error.MarkupLineInterpolated($"[red]error:[/] {connection.BaseAddress} did not answer within {connection.Http.Timeout.TotalSeconds} s.");
                return 1;
            }

            item.Answered?.Invoke(result.IsAccepted);
            EventPrinter.Print(host.Out, item.Label, result);
            accepted += result.IsAccepted ? 1 : 0;
        }

        if (number > 1)
        {
            host.Out.MarkupLineInterpolated($"{number} sent, [green]{accepted} accepted[/], [red]{number - accepted} refused[/]");
        }

        return accepted == number ? 0 : 1;
    }

    private static async Task<List<Outgoing>> FromFileAsync(FileInfo file, LottoparClient client, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(file.FullName, cancellationToken);
        var bodies = EventsIn(text);
        return bodies.Select((body, index) => new Outgoing(
            bodies.Count == 1 ? file.Name : string.Create(CultureInfo.InvariantCulture, $"{file.Name}[{index}]"),
            (key, token) => client.SendRawAsync(body, key, token))).ToList();
    }

    /// <summary>The elements of a JSON array, or the whole text: a malformed file is sent too, and the platform's 400 says what is wrong.</summary>
    private static List<string> EventsIn(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                return document.RootElement.EnumerateArray().Select(element => element.GetRawText()).ToList();
            }
        }
        catch (JsonException)
        {
            // Not JSON: sent as written, below.
        }

        return [text];
    }

    /// <summary>Generated lazily, so each event follows the platform's answer to the previous one of its player.</summary>
    private static IEnumerable<Outgoing> Generated(CliHost host, LottoparClient client, int count, int players, int? seed)
    {
        var actualSeed = seed ?? Random.Shared.Next();
        host.Out.MarkupLineInterpolated($"[grey]{players} simulated player(s), seed {actualSeed}[/]");
        var generator = new BettingEventGenerator(players, actualSeed);
        for (var i = 0; i < count; i++)
        {
            // One event at a time and each turn completed before the next, so a turn is always free.
            var turn = generator.Next() ?? throw new InvalidOperationException("Every simulated player has an event in flight.");
            yield return new Outgoing(
                string.Create(CultureInfo.InvariantCulture, $"#{i + 1} {EventPrinter.Describe(turn.Request)}"),
                (key, token) => client.SendBettingEventAsync(turn.Request, key, token),
                turn.Complete);
        }
    }
}
