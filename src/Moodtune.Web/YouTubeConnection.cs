using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>Where the YouTube Data API key in use came from.</summary>
internal enum KeySource
{
    None,
    Configuration,
    Page,
}

/// <summary>
/// The YouTube Data API key the server uses, from configuration (`YouTube:ApiKey`) or connected once from the page and
/// kept in the settings table; it is never sent to a browser.
/// <para>
/// Until accounts exist, whoever can open the page could connect a key. The page therefore asks for a one-time setup code
/// that the server prints in its log at start while no key is connected, as Jenkins, Jupyter and Portainer do on their
/// first run: it proves access to the machine the server runs on. A loopback-only rule was not enough: behind the HTTPS
/// proxy a phone needs (README), every request comes from the proxy on the loopback address.
/// </para>
/// </summary>
internal sealed partial class YouTubeConnection(IOptions<YouTubeOptions> options, SettingStore settings, ILogger<YouTubeConnection> logger)
{
    // No 0/O or 1/I/L: the code is read off a terminal and typed.
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int CodeLength = 12;

    private readonly Lock _gate = new();
    private string? _pageKey;
    private string? _setupCode;

    /// <summary>The key to use, or null while YouTube is not connected.</summary>
    public string? ApiKey => ConfiguredKey ?? Volatile.Read(ref _pageKey);

    public KeySource Source => ConfiguredKey is not null ? KeySource.Configuration : Volatile.Read(ref _pageKey) is not null ? KeySource.Page : KeySource.None;

    public bool IsConnected => ApiKey is not null;

    private string? ConfiguredKey => options.Value.IsEnabled ? options.Value.ApiKey!.Trim() : null;

    /// <summary>Reads a key connected before; without any key, makes the setup code and logs it.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (ConfiguredKey is null)
        {
            Volatile.Write(ref _pageKey, await settings.GetAsync(SettingStore.YouTubeApiKey, cancellationToken));
        }

        if (!IsConnected)
        {
            var code = RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);
            _setupCode = $"{code[..4]}-{code[4..8]}-{code[8..]}";
            LogSetupCode(logger, _setupCode);
        }
    }

    /// <summary>Whether the code is this start's setup code (case, spaces and dashes aside), compared in constant time.</summary>
    public bool IsSetupCode(string? code)
    {
        var expected = _setupCode;
        if (expected is null || code is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Normalize(expected)), Encoding.UTF8.GetBytes(Normalize(code)));
    }

    /// <summary>Stores a checked key and starts using it; the setup code is spent.</summary>
    public async Task ConnectAsync(string apiKey, CancellationToken cancellationToken = default)
    {
        await settings.SetAsync(SettingStore.YouTubeApiKey, apiKey, cancellationToken);
        lock (_gate)
        {
            Volatile.Write(ref _pageKey, apiKey);
            _setupCode = null;
        }

        LogConnected(logger);
    }

    private static string Normalize(string code) =>
        new([.. code.Where(c => c != '-' && !char.IsWhiteSpace(c)).Select(char.ToUpperInvariant)]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube is not connected: songs without a video only open in YouTube. To connect it, press Connect YouTube in the page and give this one-time setup code with your API key: {Code}")]
    private static partial void LogSetupCode(ILogger logger, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube connected from the page: songs without a video are looked up as they come up")]
    private static partial void LogConnected(ILogger logger);
}
