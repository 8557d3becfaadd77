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
/// The YouTube Data API key the server uses, from configuration (`YouTube:ApiKey`) or connected from the page and kept
/// in the settings table; it is never sent to a browser.
/// <para>
/// In single mode there are no accounts, so whoever can open the page could connect, replace or remove a key. The page
/// therefore asks for a one-time setup code that the server prints in its log, as Jenkins, Jupyter and Portainer do on
/// their first run: it proves access to the machine the server runs on. A code is printed at start and again after each
/// change, which spends it, so every change needs a fresh look at the log. A loopback-only rule was not enough: behind
/// the HTTPS proxy a phone needs (README), every request comes from the proxy on the loopback address. In accounts mode
/// the endpoints already demand an administrator's sign-in, which is the proof; a code would only get in the way, since
/// each node behind a load balancer would print its own. There no code is printed or checked. A key from configuration
/// is changed there: no code is printed for it, and the page cannot override it.
/// </para>
/// <para>
/// Several nodes share the settings table: <see cref="RefreshAsync"/> brings in what another node connected or removed.
/// </para>
/// </summary>
internal sealed partial class YouTubeConnection(IOptions<YouTubeOptions> options, SettingStore settings, ServeMode mode, ILogger<YouTubeConnection> logger) : IDisposable
{
    // No 0/O or 1/I/L: the code is read off a terminal and typed.
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int CodeLength = 12;

    // One change at a time: the code is checked and spent together, so two requests with one code make one change; a
    // refresh waits too, or it could put back a key read just before this node changed it.
    private readonly SemaphoreSlim _change = new(1, 1);
    private string? _pageKey;
    private string? _setupCode;

    /// <summary>The key to use, or null while YouTube is not connected.</summary>
    public string? ApiKey => ConfiguredKey ?? Volatile.Read(ref _pageKey);

    public KeySource Source => ConfiguredKey is not null ? KeySource.Configuration : Volatile.Read(ref _pageKey) is not null ? KeySource.Page : KeySource.None;

    public bool IsConnected => ApiKey is not null;

    /// <summary>Whether connecting, replacing or removing the key needs the setup code (single mode), not only an administrator's sign-in.</summary>
    public bool SetupCodeRequired => !mode.Accounts;

    private string? ConfiguredKey => options.Value.IsEnabled ? options.Value.ApiKey!.Trim() : null;

    /// <summary>Reads a key connected before and, unless the key comes from configuration, says in the log how to change it.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (ConfiguredKey is null)
        {
            Volatile.Write(ref _pageKey, await settings.GetAsync(SettingStore.YouTubeApiKey, cancellationToken));
            if (SetupCodeRequired)
            {
                IssueSetupCode();
            }
            else if (Volatile.Read(ref _pageKey) is null)
            {
                LogNotConnectedAccounts(logger);
            }
            else
            {
                LogConnectedAccounts(logger);
            }
        }
    }

    /// <summary>
    /// Takes up the key another node (or process) connected, replaced or removed; true when it differs from the one in
    /// use, so that a pause that was the old key's can be lifted. No new setup code: this node's own one was not spent.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (ConfiguredKey is not null)
        {
            return false;
        }

        await _change.WaitAsync(cancellationToken);
        try
        {
            var stored = await settings.GetAsync(SettingStore.YouTubeApiKey, cancellationToken);
            var current = Volatile.Read(ref _pageKey);
            if (string.Equals(stored, current, StringComparison.Ordinal))
            {
                return false;
            }

            Volatile.Write(ref _pageKey, stored);
            LogChangedElsewhere(logger, stored is null ? "removed" : current is null ? "connected" : "replaced");
            return true;
        }
        finally
        {
            _change.Release();
        }
    }

    /// <summary>Whether the code is the setup code not yet spent (case, spaces and dashes aside), compared in constant time.</summary>
    public bool IsSetupCode(string? code)
    {
        var expected = Volatile.Read(ref _setupCode);
        if (expected is null || code is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Normalize(expected)), Encoding.UTF8.GetBytes(Normalize(code)));
    }

    /// <summary>Stores a checked key (a first one, or in place of the page's) and starts using it; false when the code was spent meanwhile.</summary>
    /// <param name="setupCode">Checked only where <see cref="SetupCodeRequired"/>.</param>
    public Task<bool> ConnectAsync(string apiKey, string? setupCode, CancellationToken cancellationToken = default) =>
        ChangeAsync(setupCode, async () =>
        {
            var replaced = Source == KeySource.Page;
            await settings.SetAsync(SettingStore.YouTubeApiKey, apiKey, cancellationToken);
            Volatile.Write(ref _pageKey, apiKey);
            LogConnected(logger, replaced ? "replaced" : "connected");
        }, cancellationToken);

    /// <summary>Forgets the page's key: songs without a video only open in YouTube again; false when the code was spent meanwhile.</summary>
    /// <param name="setupCode">Checked only where <see cref="SetupCodeRequired"/>.</param>
    public Task<bool> DisconnectAsync(string? setupCode, CancellationToken cancellationToken = default) =>
        ChangeAsync(setupCode, async () =>
        {
            await settings.RemoveAsync(SettingStore.YouTubeApiKey, cancellationToken);
            Volatile.Write(ref _pageKey, null);
            LogRemoved(logger);
        }, cancellationToken);

    public void Dispose() => _change.Dispose();

    private async Task<bool> ChangeAsync(string? setupCode, Func<Task> change, CancellationToken cancellationToken)
    {
        await _change.WaitAsync(cancellationToken);
        try
        {
            if (ConfiguredKey is not null || (SetupCodeRequired && !IsSetupCode(setupCode)))
            {
                return false;
            }

            await change();
            if (SetupCodeRequired)
            {
                IssueSetupCode();
            }

            return true;
        }
        finally
        {
            _change.Release();
        }
    }

    private void IssueSetupCode()
    {
        var code = RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);
        var formatted = $"{code[..4]}-{code[4..8]}-{code[8..]}";
        Volatile.Write(ref _setupCode, formatted);
        if (Volatile.Read(ref _pageKey) is null)
        {
            LogNotConnected(logger, formatted);
        }
        else
        {
            LogChangeCode(logger, formatted);
        }
    }

    private static string Normalize(string code) =>
        new([.. code.Where(c => c != '-' && !char.IsWhiteSpace(c)).Select(char.ToUpperInvariant)]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube is not connected: songs without a video only open in YouTube. To connect it, press Connect YouTube in the page and give this one-time setup code with your API key: {Code}")]
    private static partial void LogNotConnected(ILogger logger, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube is connected with a key from the page. To replace or remove the key, give this one-time setup code in the page: {Code}")]
    private static partial void LogChangeCode(ILogger logger, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube is not connected: songs without a video only open in YouTube. To connect it, an administrator signs in and presses Connect YouTube in the page")]
    private static partial void LogNotConnectedAccounts(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube is connected with a key from the page: an administrator can replace or remove it there")]
    private static partial void LogConnectedAccounts(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube key {Change} from the page: songs without a video are looked up as they come up")]
    private static partial void LogConnected(ILogger logger, string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube key removed from the page: songs without a video only open in YouTube")]
    private static partial void LogRemoved(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube key {Change} through another node: this one uses that now")]
    private static partial void LogChangedElsewhere(ILogger logger, string change);
}
