using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Moodtune.Storage;

namespace Moodtune.Web.Tests;

/// <summary>
/// The app on its own data folder (or another app's, as a second node), its YouTube Data API at the stand-in (with a
/// configured key if given), its log captured; <paramref name="settings"/> adds configuration (accounts mode).
/// </summary>
internal sealed partial class YouTubeApp(
    DataApiStandIn youtube, string? dataDirectory = null, string? apiKey = null, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>, ILoggerProvider
{
    private readonly bool _ownsData = dataDirectory is null;
    private readonly ConcurrentQueue<string> _log = new();

    public string DataDirectory { get; } = dataDirectory ?? Directory.CreateTempSubdirectory("moodtune-youtube-").FullName;

    public IEnumerable<string> Log => _log;

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")]
    public static partial Regex SetupCodePattern();

    /// <summary>The newest setup code the server printed in its log (at start, and after each change).</summary>
    public string SetupCode()
    {
        _ = Services; // starts the server
        var line = Assert.IsType<string>(_log.LastOrDefault(l => l.Contains("setup code", StringComparison.Ordinal)));
        return SetupCodePattern().Match(line).Value;
    }

    /// <summary>The log lines that print a setup code.</summary>
    public IEnumerable<string> SetupCodeLines => _log.Where(l => SetupCodePattern().IsMatch(l));

    /// <summary>A client with its own cookies: one browser.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    public Task<string?> StoredKeyAsync() => StoredAsync("SELECT value FROM settings WHERE name = 'youtube.api_key'", new { });

    /// <summary>One value read straight from the database, not through the app.</summary>
    public async Task<string?> StoredAsync(string sql, object parameters)
    {
        await using var database = new MoodtuneDatabase(TestStorage.Options(DataDirectory));
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        return await database.RunAsync(c => c.QuerySingleOrDefaultAsync<string?>(sql, parameters), TestContext.Current.CancellationToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Moodtune:DataDirectory", DataDirectory);
        foreach (var (name, value) in TestStorage.AppSettings(DataDirectory))
        {
            builder.UseSetting(name, value);
        }
        builder.UseSetting("Vision:EmotionModel", "minixception");
        builder.UseSetting("YouTube:BaseAddress", youtube.BaseAddress.ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Moodtune.Web.YouTubeConnection", "Information");
        if (apiKey is not null)
        {
            builder.UseSetting("YouTube:ApiKey", apiKey);
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(name, value);
        }

        builder.ConfigureLogging(l => l.AddProvider(this));
    }

    ILogger ILoggerProvider.CreateLogger(string categoryName) => new Capture(_log);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsData)
        {
            TestStorage.Drop(DataDirectory);
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private sealed class Capture(ConcurrentQueue<string> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue(formatter(state, exception));
    }
}
