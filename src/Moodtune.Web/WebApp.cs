using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Music.Recommendation;
using Moodtune.Storage;
using Moodtune.Vision;
using Scalar.AspNetCore;

namespace Moodtune.Web;

/// <summary>The Moodtune web app: `dotnet run --project src/Moodtune.Web` or `./moodtune serve`.</summary>
public static class WebApp
{
    /// <summary>Where `serve` listens unless told otherwise (--urls, ASPNETCORE_URLS).</summary>
    public const string DefaultUrls = "http://127.0.0.1:5000";

    // Any of these (from --urls, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS...) says where to listen.
    private static readonly string[] ListenKeys = ["urls", "http_ports", "https_ports"];

    /// <summary>Builds the app, migrates the database, loads the catalog and the models, then serves until stopped.</summary>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var app = Build(args);
        await using (app)
        {
            await StartupAsync(app.Services, cancellationToken);
            await app.RunAsync(cancellationToken);
            return 0;
        }
    }

    /// <summary>The configured app, not started: services, middleware and every endpoint.</summary>
    public static WebApplication Build(string[] args)
    {
        // The page (wwwroot) and appsettings.json lie beside the program, whatever the working directory, unless told otherwise.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = NamesContentRoot(args) ? null : AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, MoodtuneConfiguration.SwitchMappings);
        if (ListenKeys.All(key => string.IsNullOrEmpty(builder.Configuration[key])))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        // "Server: Kestrel" tells an attacker what to try; nothing needs it.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddMoodtune();
        var app = builder.Build();
        app.UseMoodtune();
        return app;
    }

    private static bool NamesContentRoot(string[] args) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase));

    /// <summary>What must be ready before the first request: the migrated database, the catalog in memory, the models.</summary>
    public static async Task StartupAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var web = services.GetRequiredService<IOptions<WebOptions>>().Value;
        await services.GetRequiredService<MoodtuneDatabase>().MigrateAsync(cancellationToken);

        await services.GetRequiredService<SongStore>().LoadAsync(() => MoodtuneConfiguration.Seed(web.DataDirectory), cancellationToken);
        await services.GetRequiredService<YouTubeConnection>().LoadAsync(cancellationToken);

        // Loading the models takes a while: at start rather than at the first photo. A missing or broken model file is
        // logged and leaves analysis off (503 with the reason) while the rest of the app serves.
        services.GetRequiredService<VisionEngine>().TryGet(out _, out _);
    }

    internal static IServiceCollection AddMoodtune(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => StrategyPath.TryParse(o.DefaultStrategy, out _), "Moodtune:DefaultStrategy must be match, uplift, calm or energize.")
            .Validate(o => o.CameraReadingInterval > TimeSpan.Zero, "Moodtune:CameraReadingInterval must be positive.")
            .Validate(o => o.ReplanInterval >= TimeSpan.Zero, "Moodtune:ReplanInterval must not be negative.")
            .Validate(o => o.CatalogRefreshInterval > TimeSpan.Zero, "Moodtune:CatalogRefreshInterval must be positive.")
            .Validate(o => Networks.AllValid(o.MetricsFrom), "Moodtune:MetricsFrom must list IP addresses or networks (10.0.0.0/8, fd00::/8).")
            .Validate(o => Networks.AllValid(o.KnownProxies), "Moodtune:KnownProxies must list IP addresses or networks (172.16.0.0/12).")
            .ValidateOnStart();
        services.AddOptions<SmoothingOptions>().BindConfiguration("Smoothing")
            .Validate(o => o.HalfLife > TimeSpan.Zero && o.SwitchHold >= TimeSpan.Zero && o.ForgetAfter > TimeSpan.Zero && o.SwitchMargin is >= 0 and < 1,
                "Smoothing: HalfLife and ForgetAfter must be positive, SwitchHold not negative, SwitchMargin in [0, 1).")
            .ValidateOnStart();

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(WireName.Policy));
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi();
        services.TryAddSingleton(TimeProvider.System);

        services.AddTelemetry();
        services.AddStorage();
        services.AddAccounts();
        services.AddAnalyze();
        services.AddFrames();
        services.AddRecommendations();
        services.AddYouTube();
        return services;
    }

    internal static WebApplication UseMoodtune(this WebApplication app)
    {
        app.UseForwardedHeaders(ForwardedHeadersFrom(app.Services.GetRequiredService<IOptions<WebOptions>>().Value));
        app.UseMiddleware<SecurityHeaders>();
        app.UseHsts();

        // On the network, a server that also speaks HTTPS sends plain-HTTP visitors there (their sign-in cookie and
        // frames would travel in the clear); on loopback nothing leaves the machine.
        var mode = app.Services.GetRequiredService<ServeMode>();
        if (mode is { LoopbackOnly: false, Https: true })
        {
            app.UseHttpsRedirection();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CrossOriginProtection>();
        app.UseMiddleware<JsonBodyLimit>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseWebSockets();
        // Single mode has one listener: a sign-in cookie left from accounts mode must not make a request someone else's.
        if (mode.Accounts)
        {
            app.UseAuthentication();
        }

        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapHealth();
        app.MapMetrics();
        app.MapAccounts();
        app.MapConfig();
        app.MapAnalyze();
        app.MapFrames();
        app.MapMood();
        app.MapRecommendations();
        app.MapListening();
        app.MapHistory();
        app.MapCatalog();
        app.MapSongVideos();
        app.MapYouTube();
        return app;
    }

    /// <summary>
    /// Behind a proxy (the HTTPS proxy a phone needs, nginx in front of several nodes) every request arrives from the
    /// proxy: its X-Forwarded-For and X-Forwarded-Proto give back each client's address, for the per-address limits and
    /// /metrics, and the scheme, for Secure cookies and HSTS. They are trusted from loopback, the default, and from
    /// Moodtune:KnownProxies (a compose network's proxy); from anyone else they are ignored, or any client could name
    /// itself another.
    /// </summary>
    internal static ForwardedHeadersOptions ForwardedHeadersFrom(WebOptions web)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        foreach (var network in Networks.Parse(web.KnownProxies))
        {
            options.KnownIPNetworks.Add(network);
        }

        return options;
    }

    private static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp => new MoodtuneDatabase(StorageOptions.Database(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IOptions<WebOptions>>().Value)));
        services.AddSingleton<SongStore>();
        services.AddSingleton(sp => sp.GetRequiredService<SongStore>().Catalog);
        services.AddSingleton<ReadingStore>();
        services.AddSingleton<PlayStore>();
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<ListenerStore>();
        services.AddSingleton<HistoryQueries>();
        services.AddHostedService<DatabaseRefresh>();
        services.AddSingleton<HistoryRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<HistoryRetention>());
        return services;
    }
}
