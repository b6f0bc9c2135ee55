namespace Lottopar.Silo.Lottery;

/// <summary>The lottery sale service; bound from "Lottopar:WebSale".</summary>
public sealed class WebSaleOptions
{
    public const string SectionName = "Lottopar:WebSale";

    /// <summary>
    /// Addresses (or CIDR ranges) of reverse proxies in front of the silo. Only a request whose
    /// connection comes from one of them has its client address taken from X-Forwarded-For;
    /// from anyone else that header is ignored, since a client can write it.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}
