using System.Net;
using Lottopar.Grains.Validation;
using Xunit;

namespace Lottopar.Grains.Tests.Validation;

public sealed class IpAllowListTests
{
    [Theory]
    [InlineData("200.10.20.0/24", "200.10.20.0/24")]
    [InlineData(" 200.10.20.0/24 ", "200.10.20.0/24")]
    [InlineData("200.10.20.5", "200.10.20.5")]
    [InlineData("200.10.20.5/32", "200.10.20.5")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("192.168.4.128/25", "192.168.4.128/25")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("2001:0DB8:0000::/32", "2001:db8::/32")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("2001:db8::1/128", "2001:db8::1")]
    [InlineData("::/0", "::/0")]
    [InlineData("fe80::/10", "fe80::/10")]
    public void ParsesToACanonicalForm(string entry, string canonical)
    {
        Assert.True(IpAllowList.TryParse(entry, out var range, out var error), error);
        Assert.Null(error);
        Assert.Equal(canonical, range.ToString());
        Assert.True(IpAllowList.TryParse(canonical, out var again));
        Assert.Equal(range, again);
    }

    [Theory]
    [InlineData("200.10.20.0/24", "200.10.20.0", true)]
    [InlineData("200.10.20.0/24", "200.10.20.255", true)]
    [InlineData("200.10.20.0/24", "200.10.21.0", false)]
    [InlineData("200.10.20.0/24", "200.10.19.255", false)]
    [InlineData("192.168.4.128/25", "192.168.4.200", true)]
    [InlineData("192.168.4.128/25", "192.168.4.127", false)]
    [InlineData("10.0.0.0/9", "10.127.255.255", true)]
    [InlineData("10.0.0.0/9", "10.128.0.0", false)]
    [InlineData("200.10.20.5", "200.10.20.5", true)]
    [InlineData("200.10.20.5", "200.10.20.6", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8::/32", "2001:db9::", false)]
    [InlineData("2001:db8:abcd:12::/63", "2001:db8:abcd:13::1", true)]
    [InlineData("2001:db8:abcd:12::/63", "2001:db8:abcd:14::1", false)]
    [InlineData("2001:db8::1", "2001:db8::1", true)]
    [InlineData("2001:db8::1", "2001:db8::2", false)]
    [InlineData("2001:db8::/32", "200.10.20.1", false)]
    [InlineData("::/0", "200.10.20.1", false)]
    public void Contains(string entry, string address, bool expected)
    {
        Assert.True(IpAllowList.TryParse(entry, out var range));
        Assert.Equal(expected, range.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("200.10.20.0/24", "::ffff:200.10.20.7", true)]
    [InlineData("200.10.20.0/24", "::ffff:200.10.21.7", false)]
    [InlineData("200.10.20.7", "::ffff:200.10.20.7", true)]
    [InlineData("::/0", "::ffff:200.10.20.7", false)] // an IPv4 client stays IPv4, whatever socket reported it
    public void IPv4MappedAddressesMatchIPv4Ranges(string entry, string address, bool expected)
    {
        Assert.True(IpAllowList.TryParse(entry, out var range));
        Assert.Equal(expected, range.Contains(IPAddress.Parse(address)));

        // What a dual-stack socket actually reports for an IPv4 client.
        Assert.Equal(expected, range.Contains(IPAddress.Parse(address.Replace("::ffff:", string.Empty, StringComparison.Ordinal)).MapToIPv6()));
    }

    [Theory]
    [InlineData("10.0.0.5/24", "10.0.0.0/24")]
    [InlineData("200.10.20.1/31", "200.10.20.0/31")]
    [InlineData("2001:db8::1/32", "2001:db8::/32")]
    [InlineData("1.0.0.0/0", "0.0.0.0/0")]
    public void RefusesHostBitsAndSuggestsTheNetwork(string entry, string suggestion)
    {
        Assert.False(IpAllowList.TryParse(entry, out var range, out var error));
        Assert.Null(range);
        Assert.Contains("host bits", error, StringComparison.Ordinal);
        Assert.Contains(suggestion, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/33", "out of range")]
    [InlineData("2001:db8::/129", "out of range")]
    [InlineData("10.0.0.0/-1", "not a prefix")]
    [InlineData("10.0.0.0/", "not a prefix")]
    [InlineData("10.0.0.0/08", "not a prefix")]
    [InlineData("10.0.0.0/24/8", "not a prefix")]
    [InlineData("10.0.0.0/1000", "not a prefix")]
    [InlineData("10.0.0.0/ 24", "not a prefix")]
    [InlineData("::ffff:10.0.0.1", "IPv4-mapped")]
    [InlineData("fe80::1%eth0", "zone")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    public void ExplainsRefusals(string entry, string reason)
    {
        Assert.False(IpAllowList.TryParse(entry, out var range, out var error));
        Assert.Null(range);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.1")] // IPAddress.Parse would read this as 10.0.0.1
    [InlineData("167772161")] // and this as 10.0.0.1 too
    [InlineData("0x0A.0.0.1")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.1.")]
    [InlineData("10..0.1")]
    [InlineData("10.0.0.0.0")]
    [InlineData("10.0.0.-1")]
    [InlineData("2001:db8:::1")]
    [InlineData("2001:db8::g")]
    [InlineData("gateway.lottopar.pr.gov.br")]
    [InlineData("*")]
    public void RefusesMalformedAddresses(string? entry)
    {
        Assert.False(IpAllowList.TryParse(entry, out var range));
        Assert.Null(range);
    }

    [Fact]
    public void ExposesNetworkAndPrefix()
    {
        Assert.True(IpAllowList.TryParse("200.10.20.0/24", out var range));
        Assert.Equal(IPAddress.Parse("200.10.20.0"), range.Network);
        Assert.Equal(24, range.PrefixLength);
        Assert.False(range.IsSingleAddress);
        Assert.NotEqual(range, IpAllowList.TryParse("200.10.20.0/25", out var other) ? other : null);
    }
}
