using System.Text.Json;
using Lottopar.Client.WebSale;

namespace Lottopar.Benchmarks;

/// <summary>What the webSale loads set up through the admin API before they sell.</summary>
internal static class BenchLottery
{
    /// <summary>Registers the load terminals as POS of the operator's lottery provider.</summary>
    public static async Task RegisterTerminalsAsync(BenchAdmin admin, string oprid, IEnumerable<PosIdentity> terminals)
    {
        foreach (var pos in terminals)
        {
            await admin.SendAsync(HttpMethod.Post, $"/admin/operators/{oprid}/pos", new { posCode = $"{pos.PosCode}", printerSerial = pos.PrinterSerial });
        }
    }

    /// <summary>
    /// Replaces the catalog with one whose draws close at 23:58 in São Paulo, so that a load can sell
    /// at any hour but the last two minutes of the day.
    /// </summary>
    public static async Task KeepDrawsOpenAsync(BenchAdmin admin)
    {
        var current = await admin.SendAsync(HttpMethod.Get, "/admin/lottery/settings");
        var catalog = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(current.GetProperty("catalog").GetRawText())!;
        var draws = current.GetProperty("catalog").GetProperty("draws").EnumerateArray()
            .Select(d => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(d.GetRawText())!)
            .Select(d => d.ToDictionary(p => p.Key, p => p.Key switch
            {
                "drawTime" => (object)"23:59:00",
                "closingTime" => "23:58:00",
                _ => p.Value,
            }))
            .ToList();
        await admin.SendAsync(HttpMethod.Put, "/admin/lottery/catalog", new Dictionary<string, object>
        {
            ["lotteries"] = catalog["lotteries"], ["draws"] = draws, ["payTable"] = catalog["payTable"],
        });
    }
}
