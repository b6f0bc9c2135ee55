using Lottopar.Providers.PostgreSql.Outages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// Tells other silos that events committed, so their delivery loops need not wait for a poll.
/// The NOTIFY is sent after the commit, from its own connection, and coalesced: NOTIFY inside
/// the grain's transaction would take PostgreSQL's global notify lock at every commit and
/// serialise them. A lost notification only costs latency: the loops still poll.
/// </summary>
internal sealed class PostgresStreamNotifications(
    NpgsqlDataSource dataSource,
    StreamSignals signals,
    IOptions<ProviderOptions> options,
    DatabaseOutage database,
    ILogger<PostgresStreamNotifications> logger) : BackgroundService
{
    public const string Channel = "lottopar_streams";
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestReconnect = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.StreamNotifications
            ? Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken))
            : Task.CompletedTask;

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var outage = new Outage(logger, database, "The stream notification listener", Reconnect, LongestReconnect);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"listen {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                // Whatever was announced while we were not listening is picked up now.
                outage.Succeeded();
                signals.WakeAll();
                while (true)
                {
                    if (!await connection.WaitAsync(KeepAlive, stoppingToken).ConfigureAwait(false))
                    {
                        await using var ping = new NpgsqlCommand("select 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException or IOException)
            {
                await Pause.ForAsync(outage.Failed(error), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void OnNotification(string payload)
    {
        var separator = payload.LastIndexOf('|');
        if (separator > 0 && int.TryParse(payload.AsSpan(separator + 1), out var partition))
        {
            signals.Wake(payload[..separator], partition);
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var outgoing = signals.EnableOutgoing();
        var keys = new HashSet<string>();
        try
        {
            while (await outgoing.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                keys.Clear();
                while (outgoing.TryRead(out var item))
                {
                    keys.Add($"{item.Namespace}|{item.Partition}");
                }

                try
                {
                    await using var notify = dataSource.CreateCommand($"select pg_notify('{Channel}', k) from unnest($1::text[]) as k");
                    notify.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys] });
                    await notify.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is NpgsqlException or TimeoutException or IOException)
                {
                    if (!database.TryReport(error, "stream notifications"))
                    {
                        logger.LogWarning("Could not notify other silos of new stream events ({Error}); they will poll", error.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
