using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lottopar.GrainInterfaces.Common;

namespace Lottopar.Grains.Validation;

/// <summary>
/// One entry of an IP allow list: a network written in CIDR notation, or a single address, held as a
/// <see cref="IPNetwork"/>. Create instances with <see cref="IpAllowList.TryParse(string?, out IpRange?, out string?)"/>.
/// </summary>
public sealed class IpRange : IEquatable<IpRange>
{
    private readonly IPNetwork _network;

    internal IpRange(IPNetwork network) => _network = network;

    /// <summary>The network address (host bits all zero): an IPv4 or IPv6 address, never an IPv4-mapped one.</summary>
    public IPAddress Network => _network.BaseAddress;

    /// <summary>Number of leading bits that must match: 0-32 for IPv4, 0-128 for IPv6.</summary>
    public int PrefixLength => _network.PrefixLength;

    /// <summary>The address family of the range: <see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</summary>
    public AddressFamily AddressFamily => Network.AddressFamily;

    /// <summary>True when the range is exactly one address (/32 for IPv4, /128 for IPv6).</summary>
    public bool IsSingleAddress => PrefixLength == (AddressFamily == AddressFamily.InterNetwork ? 32 : 128);

    /// <summary>
    /// Whether <paramref name="address"/> is inside the range. An IPv4-mapped IPv6 address (::ffff:1.2.3.4) is
    /// treated as the IPv4 address it carries, because dual-stack sockets report IPv4 clients that way.
    /// </summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);

        // IPNetwork.Contains maps such an address only for an IPv4 network; for an IPv6 one it compares the mapped
        // bits, so "::/0" would let in every IPv4 client. Mapping first keeps an IPv4 client IPv4 for every entry.
        return _network.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    /// <summary>Canonical text: "200.10.20.0/24", "2001:db8::/32", or the bare address for a single address.</summary>
    public override string ToString() => IsSingleAddress ? Network.ToString() : _network.ToString();

    public bool Equals(IpRange? other) => other is not null && _network.Equals(other._network);

    public override bool Equals(object? obj) => Equals(obj as IpRange);

    public override int GetHashCode() => _network.GetHashCode();
}

/// <summary>Parsing of IP allow-list entries entered by operators.</summary>
public static class IpAllowList
{
    /// <summary>
    /// Checks an operator's allow-list: at most <paramref name="max"/> entries, each an address or
    /// a network, none admitting every address. Errors name <c>field[i]</c>; returns the ranges in
    /// canonical form, without repeats.
    /// </summary>
    public static List<string> Validate(IReadOnlyList<string>? entries, string field, int max, ValidationErrors errors)
    {
        var ranges = new List<string>();
        entries ??= [];
        errors.Require(entries.Count <= max, field, $"At most {max} entries.");
        for (var i = 0; i < entries.Count; i++)
        {
            if (TryParse(entries[i], out var range, out var error))
            {
                // An allow-list that admits the whole internet is no allow-list.
                if (errors.Require(range.ToString() is not ("0.0.0.0/0" or "::/0"), $"{field}[{i}]", "Name the operator's own addresses, not every address."))
                {
                    ranges.Add(range.ToString());
                }
            }
            else
            {
                errors.Add($"{field}[{i}]", error);
            }
        }

        return [.. ranges.Distinct()];
    }

    /// <summary>Parses "200.10.20.0/24", "2001:db8::/32", "200.10.20.5" or "2001:db8::1".</summary>
    /// <returns>False when the entry is invalid; use the overload with an error to tell the operator why.</returns>
    public static bool TryParse([NotNullWhen(true)] string? entry, [NotNullWhen(true)] out IpRange? range) =>
        TryParse(entry, out range, out _);

    /// <summary>Parses an allow-list entry and explains a refusal.</summary>
    /// <param name="entry">
    /// A single IPv4 or IPv6 address, or a network in CIDR notation. IPv4 must be four decimal octets without
    /// leading zeros; IPv6 may not carry a zone ("%eth0") and may not be IPv4-mapped (write the IPv4 form).
    /// </param>
    /// <param name="range">The parsed range, or null when invalid.</param>
    /// <param name="error">Why the entry was refused, in words an operator can act on; null on success.</param>
    /// <returns>
    /// False for malformed addresses, a prefix outside 0-32 (IPv4) or 0-128 (IPv6), and a CIDR whose address has
    /// host bits set ("10.0.0.5/24"): that is almost always a typo for a single address or for "10.0.0.0/24",
    /// and guessing which would silently allow the wrong hosts.
    /// </returns>
    public static bool TryParse([NotNullWhen(true)] string? entry, [NotNullWhen(true)] out IpRange? range, [NotNullWhen(false)] out string? error)
    {
        range = null;
        if (string.IsNullOrWhiteSpace(entry))
        {
            error = "The entry is empty.";
            return false;
        }

        var text = entry.AsSpan().Trim();
        if (text.Length > 64)
        {
            error = "The entry is too long to be an address or a network.";
            return false;
        }

        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];

        if (!TryParseAddress(addressText, out var address, out error))
        {
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefixLength = bits;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (!TryParseDecimal(prefixText, out prefixLength))
            {
                error = $"'{prefixText}' is not a prefix length; write a number after '/', e.g. /24.";
                return false;
            }

            if (prefixLength > bits)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"The prefix /{prefixLength} is out of range: an {FamilyName(address)} prefix is 0 to {bits}.");
                return false;
            }
        }

        // Since .NET 10 IPNetwork clears host bits without a word (earlier versions threw): that is exactly the guess
        // refused here, so the cleared base address only serves to detect the typo and to suggest the network.
        var network = new IPNetwork(address, prefixLength);
        if (!network.BaseAddress.Equals(address))
        {
            error = string.Create(
                CultureInfo.InvariantCulture,
                $"{address}/{prefixLength} has host bits set: write the network address ({new IpRange(network)}) or the single address ({address}).");
            return false;
        }

        range = new IpRange(network);
        error = null;
        return true;
    }

    private static bool TryParseAddress(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (text.Contains(':'))
        {
            if (text.Contains('%'))
            {
                error = "IPv6 zone identifiers ('%...') are local to one machine and cannot be allowed.";
                return false;
            }

            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{text}' is not a valid IPv6 address.";
                return false;
            }

            if (v6.IsIPv4MappedToIPv6)
            {
                // Mapped clients are matched as IPv4 (see IpRange.Contains), so a mapped entry would never match.
                error = $"'{text}' is an IPv4-mapped IPv6 address; write it as IPv4 ({v6.MapToIPv4()}).";
                return false;
            }

            address = v6;
            error = null;
            return true;
        }

        // IPAddress.TryParse also takes "10.1" (10.0.0.1), "0x0A.0.0.1" and octal-looking "010.0.0.1";
        // an allow list must mean exactly what the operator sees, so only dotted quads are accepted.
        Span<byte> octets = stackalloc byte[4];
        var index = 0;
        foreach (var part in text.Split('.'))
        {
            var octet = text[part];
            if (index == 4 || !TryParseDecimal(octet, out var value) || value > 255)
            {
                error = $"'{text}' is not a valid IPv4 address (four numbers 0-255 separated by dots, no leading zeros).";
                return false;
            }

            octets[index++] = (byte)value;
        }

        if (index != 4)
        {
            error = $"'{text}' is not a valid IPv4 address (four numbers 0-255 separated by dots, no leading zeros).";
            return false;
        }

        address = new IPAddress(octets);
        error = null;
        return true;
    }

    // Prefix lengths and octets: 1-3 decimal digits without leading zeros, so that "010" cannot be read
    // as octal by one tool and as decimal by another.
    private static bool TryParseDecimal(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 3 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static string FamilyName(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
}
