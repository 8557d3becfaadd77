using System.Net;
using Microsoft.Extensions.Options;

namespace Moodtune.Web;

/// <summary>
/// Single (one local listener, no sign-in) or accounts. Moodtune:Mode chooses; left empty, a server that listens only on
/// loopback is single and one that listens on the network is accounts, and single on the network refuses to start: it
/// would give everyone who can reach it one shared history.
/// </summary>
/// <param name="LoopbackOnly">Whether every address the server listens on is a loopback one.</param>
/// <param name="Https">Whether one of them is HTTPS.</param>
public sealed record ServeMode(bool Accounts, bool LoopbackOnly = true, bool Https = false)
{
    public string Name => Accounts ? "accounts" : "single";

    /// <exception cref="OptionsValidationException">Single mode asked for on a non-loopback address, or an unknown mode.</exception>
    internal static ServeMode Resolve(IConfiguration configuration, string defaultUrls)
    {
        var setting = configuration[$"{WebOptions.SectionName}:Mode"]?.Trim();
        var addresses = ListenAddresses(configuration, defaultUrls);
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        var https = addresses.Any(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        return setting?.ToLowerInvariant() switch
        {
            null or "" => new ServeMode(exposed.Count > 0, exposed.Count == 0, https),
            "accounts" => new ServeMode(true, exposed.Count == 0, https),
            "single" when exposed.Count == 0 => new ServeMode(false, true, https),
            "single" => throw Refuse(
                $"Moodtune:Mode single serves everyone as one listener, and this server listens on {string.Join(", ", exposed)}: "
                + "set Moodtune:Mode to accounts (./moodtune serve --mode accounts), or listen on 127.0.0.1 only."),
            _ => throw Refuse($"Moodtune:Mode must be single or accounts, not '{setting}'."),
        };
    }

    private static List<string> ListenAddresses(IConfiguration configuration, string defaultUrls)
    {
        var urls = configuration["urls"];
        List<string> addresses = [.. (string.IsNullOrWhiteSpace(urls) ? "" : urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            // Ports alone mean every interface.
            var scheme = key == "https_ports" ? "https" : "http";
            addresses.AddRange((configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}"));
        }

        return addresses.Count == 0 ? [defaultUrls] : addresses;
    }

    // Parsed as Kestrel parses --urls: its wildcards (*, +, 0.0.0.0) are every interface, hence not loopback.
    private static bool IsLoopback(string url)
    {
        var host = BindingAddress.Parse(url).Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private static OptionsValidationException Refuse(string message) => new(WebOptions.SectionName, typeof(WebOptions), [message]);
}
