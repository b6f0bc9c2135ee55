using Lottopar.GrainInterfaces.Common;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Validation;
using Lottopar.Providers.Abstractions;

namespace Lottopar.Grains.Lottery;

/// <summary>A lottery provider as webSale sees it: its registry entry and whether it may sell now.</summary>
public sealed record WebSaleProvider(LotteryProviderView Registry, bool Enabled)
{
    public int ProviderCode => int.Parse(Registry.ProviderCode!, CultureInfo.InvariantCulture);

    public PosTerminal? FindPos(int posCode) =>
        Registry.PosTerminals.FirstOrDefault(p => p.PosCode == posCode.ToString(CultureInfo.InvariantCulture));

    public bool HasAdministrativePos => Registry.PosTerminals.Any(p => p.Administrative);

    /// <summary>Whether <paramref name="client"/> is in the provider's allow-list (none allowed when unknown).</summary>
    public bool Allows(IPAddress? client) =>
        client is not null && Registry.AllowedIps.Any(entry => IpAllowList.TryParse(entry, out var range) && range.Contains(client));
}

/// <summary>
/// Finds the provider behind a providercod through the operator registry. Which operator holds a
/// code is remembered for a short while (a code rarely moves); everything else (enabled, allowed
/// addresses, POS terminals, the operator's status) is read from the grains on every request, so
/// a change takes effect at once. A remembered holder that no longer has the code is forgotten.
/// </summary>
public sealed class WebSaleProviders(IUniqueKeyDirectory keys, Orleans.IGrainFactory grains, TimeProvider clock)
{
    private static readonly TimeSpan RememberHolderFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<int, (string Oprid, DateTimeOffset Until)> _holders = new();

    public async Task<WebSaleProvider?> FindAsync(int providerCode, CancellationToken cancellationToken)
    {
        var code = providerCode.ToString(CultureInfo.InvariantCulture);
        string oprid;
        var remembered = _holders.TryGetValue(providerCode, out var known) && known.Until > clock.GetUtcNow();
        if (remembered)
        {
            oprid = known.Oprid;
        }
        else if (await keys.FindAsync("lottery.provider_code", code, cancellationToken) is { } holder)
        {
            oprid = holder.Key;
            _holders[providerCode] = (oprid, clock.GetUtcNow() + RememberHolderFor);
        }
        else
        {
            return null;
        }

        var registry = await grains.Keyed<ILotteryProviderGrain>(oprid).GetAsync();
        if (registry.ProviderCode != code)
        {
            _holders.TryRemove(providerCode, out _);
            return remembered ? await FindAsync(providerCode, cancellationToken) : null;
        }

        var status = (await grains.Keyed<IOperatorGrain>(oprid).GetAsync()).Status;
        return new WebSaleProvider(registry, registry.Enabled && status is OperatorStatus.Active or OperatorStatus.Pending);
    }
}
