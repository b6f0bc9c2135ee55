using System.Globalization;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Runtime;

namespace Lottopar.Silo.Lottery;

/// <summary>A lottery provider as webSale sees it: its registry entry and whether it may sell now.</summary>
public sealed record WebSaleProvider(LotteryProviderView Registry, bool Enabled)
{
    public int ProviderCode => int.Parse(Registry.ProviderCode!, CultureInfo.InvariantCulture);

    public PosTerminal? FindPos(int posCode) =>
        Registry.PosTerminals.FirstOrDefault(p => p.PosCode == posCode.ToString(CultureInfo.InvariantCulture));
}

/// <summary>Finds the provider behind a providercod through the operator registry.</summary>
public sealed class WebSaleProviders(IUniqueKeyDirectory keys, IGrainFactory grains)
{
    public async Task<WebSaleProvider?> FindAsync(int providerCode, CancellationToken cancellationToken)
    {
        var holder = await keys.FindAsync("lottery.provider_code", providerCode.ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (holder is not { } grain)
        {
            return null;
        }

        var registry = await grains.GetGrain<ILotteryProviderGrain>(grain.Key).GetAsync();
        var status = (await grains.GetGrain<IOperatorGrain>(grain.Key).GetAsync()).Status;
        return new WebSaleProvider(registry, registry.Enabled && status is OperatorStatus.Active or OperatorStatus.Pending);
    }
}
