using System.Net;
using Lottopar.Grains.Validation;

namespace Lottopar.Silo.Http;

/// <summary>
/// The address a request comes from: for webSale, checked against the provider's allow-list; for
/// sign-in and API keys, what refusals are counted and limited by.
/// </summary>
public sealed class ClientAddress
{
    private readonly IReadOnlyList<IpRange> _trustedProxies;

    public ClientAddress(Microsoft.Extensions.Options.IOptions<Lottery.WebSaleOptions> options)
    {
        _trustedProxies = [.. options.Value.TrustedProxies.Select(p => IpAllowList.TryParse(p, out var range, out var error)
            ? range
            : throw new InvalidOperationException($"{Lottery.WebSaleOptions.SectionName}:TrustedProxies: '{p}' is not an address or range ({error})."))];
    }

    /// <summary>
    /// The connection's peer; when that peer is a trusted proxy, the right-most X-Forwarded-For
    /// entry that is not itself a trusted proxy (entries further left were written by the client
    /// and prove nothing). Null when no address can be told.
    /// </summary>
    public IPAddress? Of(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress;
        if (peer is null || !IsTrustedProxy(peer))
        {
            return peer;
        }

        var hops = context.Request.Headers["X-Forwarded-For"].SelectMany(h => (h ?? "").Split(',')).Select(h => h.Trim()).ToList();
        for (var i = hops.Count - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop))
            {
                return null;
            }

            if (!IsTrustedProxy(hop))
            {
                return hop;
            }
        }

        return peer;
    }

    private bool IsTrustedProxy(IPAddress address) => _trustedProxies.Any(p => p.Contains(address));
}
