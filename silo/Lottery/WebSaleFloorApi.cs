using Lottopar.GrainInterfaces.Common;
using System.Globalization;
using System.Text.Json;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Lottopar.Providers.PostgreSql.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Lottopar.Silo.Lottery;

/// <summary>
/// The baseline of the webSale benchmark (docs/benchmarks.md): the same parameters read the same
/// way and the same frame parsed against the same catalog as a sale, then one row inserted, with
/// no provider, quota or turn grain: what a plain service that stores the request would do.
/// Mapped only when Lottopar:Benchmarks:FloorEndpoint is true; never in a real deployment.
/// </summary>
public static class WebSaleFloorApi
{
    public static IEndpointRouteBuilder MapWebSaleFloorApi(this IEndpointRouteBuilder app)
    {
        // Under a prefix, so that a client of /webSale.jsp reaches it by changing its base address only.
        app.MapPost("/benchmarks/websale-floor/webSale.jsp", PostAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> PostAsync(HttpContext context, Orleans.IGrainFactory grains, NpgsqlDataSource dataSource, TimeProvider clock)
    {
        var request = await WebSaleParameters.ReadAsync(context.Request, context.RequestAborted);
        var catalog = (await grains.Keyed<ILotteryCatalogGrain>(LotteryCatalogGrain.Key).GetAsync()).Catalog;
        if (!SaleFrame.TryParse(request["data"], catalog, out var records, out _)
            || !int.TryParse(request["providercod"], CultureInfo.InvariantCulture, out var provider) || provider is < 1 or > TicketNumber.MaxProviderCode
            || !int.TryParse(request["poscod"], CultureInfo.InvariantCulture, out var pos) || pos is < 1 or > TicketNumber.MaxPosCode)
        {
            return Results.Text("0", "text/plain");
        }

        await using var insert = dataSource.CreateCommand("insert into benchmark_floor (oprid, received_at, body) values ($1, $2, $3) returning id");
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request["providercod"] ?? "" });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(records, RuntimeJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        var id = (long)(await insert.ExecuteScalarAsync(context.RequestAborted))!;
        var ticket = TicketNumber.Compose(LotteryCalendar.SaleDate(clock.GetUtcNow()), provider, pos, (id % TicketNumber.MaxSequence) + 1);
        return Results.Text(ticket, "text/plain");
    }
}
