using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Moodtune.Web.BrowserTests;

/// <summary>The real app on a real Kestrel port, with its own data folder: what a browser talks to. Its log is kept.</summary>
public class MoodtuneServer : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _log = new();
    private KestrelApp? _app;

    public string DataDirectory => _app!.DataDirectory;

    public Uri Address => _app!.Address;

    /// <summary>Every message the server logged, as the console shows it.</summary>
    public IEnumerable<string> Log => _log;

    public virtual async ValueTask InitializeAsync() =>
        _app = await KestrelApp.StartAsync(
            ["--environment", "Development", .. Settings()],
            app => app.Services.GetRequiredService<ILoggerFactory>().AddProvider(new CapturedLog(_log)));

    /// <summary>More settings for the command line, as --Section:Key value pairs.</summary>
    protected virtual IEnumerable<string> Settings() => [];

    public virtual async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private sealed class CapturedLog(ConcurrentQueue<string> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capture(log);

        public void Dispose()
        {
        }
    }

    private sealed class Capture(ConcurrentQueue<string> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue(formatter(state, exception));
    }
}

/// <summary>The server with its YouTube Data API at a local stand-in, and no key until the page connects one.</summary>
public sealed class ServerWithDataApi : MoodtuneServer
{
    public DataApiStandIn YouTube { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        YouTube = await DataApiStandIn.StartAsync();
        await base.InitializeAsync();
    }

    protected override IEnumerable<string> Settings() => ["--YouTube:BaseAddress", YouTube.BaseAddress.ToString()];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await YouTube.DisposeAsync();
    }
}

/// <summary>The server with a YouTube Data API key configured, its API a local stand-in that finds a video for every song.</summary>
public sealed class ServerWithYouTube : MoodtuneServer
{
    public DataApiStandIn YouTube { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        YouTube = await DataApiStandIn.StartAsync();
        YouTube.FindsEverySong = true;
        await base.InitializeAsync();
    }

    protected override IEnumerable<string> Settings() => ["--YouTube:BaseAddress", YouTube.BaseAddress.ToString(), "--YouTube:ApiKey", DataApiStandIn.ApiKey];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await YouTube.DisposeAsync();
    }
}

/// <summary>
/// The server with Moodtune:MinConfidence above any reading the astronaut gets (happy about 0.97), so every mood is not
/// sure: the page's handling of an unsure mood is tested without a face the models happen to be unsure of, which changes
/// whenever they improve (the washed-out astronaut became readable when faces got their contrast back).
/// </summary>
public sealed class ServerNeverSure : MoodtuneServer
{
    protected override IEnumerable<string> Settings() => ["--Moodtune:MinConfidence", "0.999"];
}

/// <summary>The app in accounts mode: every listener signs up, and each sees only their own history.</summary>
public sealed class ServerWithAccounts : MoodtuneServer
{
    protected override IEnumerable<string> Settings() => ["--Moodtune:Mode", "accounts"];
}

/// <summary>Accounts mode with the YouTube Data API at a local stand-in and no key until an administrator connects one.</summary>
public sealed class ServerWithAccountsAndDataApi : MoodtuneServer
{
    public DataApiStandIn YouTube { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        YouTube = await DataApiStandIn.StartAsync();
        await base.InitializeAsync();
    }

    protected override IEnumerable<string> Settings() => ["--Moodtune:Mode", "accounts", "--YouTube:BaseAddress", YouTube.BaseAddress.ToString()];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await YouTube.DisposeAsync();
    }
}
