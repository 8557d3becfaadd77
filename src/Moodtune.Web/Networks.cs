using System.Net;

namespace Moodtune.Web;

/// <summary>IP networks written in settings (Moodtune:MetricsFrom, Moodtune:KnownProxies): a network (10.0.0.0/8, fd00::/8) or one address.</summary>
internal static class Networks
{
    /// <summary>Loopback and the private ranges (RFC 1918, IPv6 unique local): what a compose network, a LAN or the machine itself uses, never the internet.</summary>
    public static readonly IReadOnlyList<IPNetwork> LoopbackAndPrivate =
        [.. new[] { "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7" }.Select(n => IPNetwork.Parse(n))];

    public static bool TryParse(string text, out IPNetwork network)
    {
        text = text.Trim();
        if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
        {
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }

    public static bool AllValid(IEnumerable<string> texts) => texts.All(t => TryParse(t, out _));

    /// <exception cref="FormatException">One is neither an address nor a network (the options' validation refuses it first).</exception>
    public static IReadOnlyList<IPNetwork> Parse(IEnumerable<string> texts) =>
        [.. texts.Select(t => TryParse(t, out var network) ? network : throw new FormatException($"'{t}' is not an IP address or network."))];

    /// <summary>Whether the address lies in one of the networks; an IPv4 client of a dual-stack socket (::ffff:10.0.0.5) counts as its IPv4 address.</summary>
    public static bool Contain(IEnumerable<IPNetwork> networks, IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return networks.Any(n => n.Contains(plain));
    }
}
