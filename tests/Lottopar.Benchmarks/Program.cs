using Lottopar.Benchmarks;
using Lottopar.Benchmarks.Chaos;

// deploy/chaos.sh runs its load and checks: chaos --url URL --data DIR --logs DIR [--seconds N] [--rate N] (see ChaosCommand).
if (args.FirstOrDefault() == "chaos")
{
    return await ChaosCommand.RunAsync(args[1..]);
}

// deploy/bench.sh [orleans-writes|lag|betting|betting-latency|integrity|websale|payments|vault|failover|all] [seconds]: see docs/benchmarks.md.
var which = args.FirstOrDefault() ?? "all";
var duration = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
Console.WriteLine($"Lottopar benchmarks: {which}, {duration.TotalSeconds:0} s per measurement, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");

if (which is "orleans-writes" or "all")
{
    await OrleansWriteBenchmark.RunAsync(duration);
}

if (which is "lag" or "all")
{
    await LagBenchmark.RunAsync(duration);
}

if (which is "betting" or "all")
{
    await BettingBenchmark.RunAsync(duration);
}

if (which is "betting-latency" or "all")
{
    await BettingLatencyBenchmark.RunAsync(duration);
}

if (which is "integrity" or "all")
{
    await IntegrityBenchmark.RunAsync(duration);
}

if (which is "websale" or "all")
{
    await WebSaleBenchmark.RunAsync(duration);
}

if (which is "payments" or "all")
{
    await PaymentsBenchmark.RunAsync(duration);
}

if (which is "vault" or "all")
{
    await VaultBenchmark.RunAsync();
}

if (which is "failover" or "all")
{
    await FailoverBenchmark.RunAsync();
}

return 0;
