using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Moodtune.Music.Catalog;
using Moodtune.Music.YouTube;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <param name="Connected">Whether the server has a YouTube Data API key (the key itself is never sent).</param>
/// <param name="Source">"configuration", "page", or null while not connected.</param>
/// <param name="SetupCodeRequired">
/// Whether connecting, replacing or removing the key takes the setup code from the server's log (single mode); in
/// accounts mode an administrator's sign-in is enough.
/// </param>
internal sealed record YouTubeStatus(bool Connected, KeySource? Source, bool SetupCodeRequired);

/// <param name="SongIds">The songs about to play, in the order they come (at most <see cref="YouTubeEndpoints.MaxLookups"/>).</param>
internal sealed record LookupRequest(IReadOnlyList<string>? SongIds);

/// <param name="Connected">Whether lookups can happen at all.</param>
/// <param name="Paused">Why lookups are paused (a spent quota), or null.</param>
/// <param name="Songs">The songs asked for, each with its video when YouTube has one.</param>
internal sealed record LookupResponse(bool Connected, string? Paused, IReadOnlyList<SongResponse> Songs);

/// <param name="ApiKey">A YouTube Data API v3 key.</param>
/// <param name="SetupCode">The one-time code the server printed in its log (at start, and after each change); single mode only, ignored in accounts mode.</param>
internal sealed record ConnectYouTubeRequest(string? ApiKey, string? SetupCode);

/// <param name="SetupCode">The one-time code the server printed in its log (at start, and after each change); single mode only, ignored in accounts mode.</param>
internal sealed record DisconnectYouTubeRequest(string? SetupCode);

/// <summary>/api/youtube: whether YouTube is connected, and connecting, replacing or removing the key from the page.</summary>
internal static class YouTubeEndpoints
{
    public const string HttpClientName = "youtube";

    /// <summary>Songs one lookup request may name: the page asks for the next two.</summary>
    public const int MaxLookups = 5;

    private const string ConnectLimit = "youtube-connect";

    public static IServiceCollection AddYouTube(this IServiceCollection services)
    {
        services.AddOptions<YouTubeOptions>().BindConfiguration(YouTubeOptions.SectionName)
            .Validate(o => o.QuotaBackoff > TimeSpan.Zero, "YouTube:QuotaBackoff must be positive.")
            .ValidateOnStart();
        services.AddHttpClient(HttpClientName, (sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<IOptions<YouTubeOptions>>().Value.BaseAddress;
            http.Timeout = TimeSpan.FromSeconds(15);
        });
        services.AddSingleton<SettingStore>();
        services.AddSingleton<YouTubeConnection>();
        services.AddSingleton<VideoLookups>();

        // Guessing the setup code: a handful of tries a minute, for everyone together (the code has 60 bits). Accounts
        // mode keeps the limit: each try still costs a videos.list call.
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddFixedWindowLimiter(ConnectLimit, w =>
            {
                w.PermitLimit = 5;
                w.Window = TimeSpan.FromMinutes(1);
                w.QueueLimit = 0;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapYouTube(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/youtube").WithTags("YouTube");
        group.MapGet("/", Status).WithSummary("Whether YouTube is connected (never the key)");
        group.MapPost("/", ConnectAsync)
            .RequireAuthorization(Listener.AdministratorPolicy)
            .WithSummary("Connect YouTube, or replace the page's key: check an API key with one videos.list call and keep it on the server")
            .WithDescription("Body `{\"api_key\":..,\"setup_code\":..}`. Single mode: the setup code is printed in the server's log at start and after each change, which spends it. "
                + "Accounts mode: an administrator's sign-in is enough, and a setup code sent is ignored. "
                + "A key from configuration is changed there (409). Five tries a minute, with removals (429 above).")
            .RequireRateLimiting(ConnectLimit);
        group.MapDelete("/", DisconnectAsync)
            .RequireAuthorization(Listener.AdministratorPolicy)
            .WithSummary("Remove the key connected from the page")
            .WithDescription("Body `{\"setup_code\":..}` in single mode; none needed in accounts mode (an administrator's sign-in). A key from configuration is removed there (409).")
            .RequireRateLimiting(ConnectLimit);
        group.MapPost("/lookups", LookUpAsync)
            .RequireAuthorization(Listener.ListenerPolicy)
            .WithSummary("The videos of the songs about to play")
            .WithDescription($"Body `{{\"song_ids\":[..]}}` (at most {MaxLookups}). Songs never looked up are searched (100 quota units each), once for every listener.");
        return app;
    }

    internal static Ok<YouTubeStatus> Status(YouTubeConnection connection) => TypedResults.Ok(StatusOf(connection));

    internal static async Task<Results<Ok<YouTubeStatus>, ProblemHttpResult>> ConnectAsync(
        ConnectYouTubeRequest? body, YouTubeConnection connection, VideoLookups lookups, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        if (connection.Source == KeySource.Configuration)
        {
            return FromConfiguration();
        }

        var key = body?.ApiKey?.Trim();
        var codeRequired = connection.SetupCodeRequired;
        if (string.IsNullOrEmpty(key) || (codeRequired && string.IsNullOrWhiteSpace(body?.SetupCode)))
        {
            return Problems.BadRequest(codeRequired
                ? "Give the YouTube Data API key and the setup code from the server's log: {\"api_key\": \"...\", \"setup_code\": \"...\"}."
                : "Give the YouTube Data API key: {\"api_key\": \"...\"}.");
        }

        if (codeRequired && !connection.IsSetupCode(body?.SetupCode))
        {
            return WrongSetupCode(connection);
        }

        if (key.Length > 200 || key.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_')))
        {
            return Problems.BadRequest("That does not look like a YouTube Data API key (letters, digits, - and _, like AIzaSy...).", "not an API key");
        }

        try
        {
            await new YouTubeSearchClient(clients.CreateClient(HttpClientName), key).CheckKeyAsync(cancellationToken);
        }
        catch (YouTubeApiException e)
        {
            return Problems.BadRequest($"YouTube refused the key: {e.Message}", "key refused");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Problems.BadGateway($"Could not reach the YouTube Data API to check the key: {e.Message}");
        }

        if (!await connection.ConnectAsync(key, body?.SetupCode, cancellationToken))
        {
            return WrongSetupCode(connection);
        }

        // A pause was the old key's (its quota spent, or refused): the new key gets its own chance.
        lookups.Resume();
        return TypedResults.Ok(StatusOf(connection));
    }

    internal static async Task<Results<Ok<YouTubeStatus>, ProblemHttpResult>> DisconnectAsync(
        [FromBody] DisconnectYouTubeRequest? body, YouTubeConnection connection, CancellationToken cancellationToken)
    {
        if (connection.Source == KeySource.Configuration)
        {
            return FromConfiguration();
        }

        if (connection.Source == KeySource.None)
        {
            return Problems.Conflict("YouTube is not connected: there is no key to remove.");
        }

        if (connection.SetupCodeRequired && string.IsNullOrWhiteSpace(body?.SetupCode))
        {
            return Problems.BadRequest("Give the setup code from the server's log: {\"setup_code\": \"...\"}.");
        }

        if (!await connection.DisconnectAsync(body?.SetupCode, cancellationToken))
        {
            return WrongSetupCode(connection);
        }

        return TypedResults.Ok(StatusOf(connection));
    }

    private static ProblemHttpResult FromConfiguration() =>
        Problems.Conflict("This server's key comes from its configuration (YouTube:ApiKey): change or remove it there.");

    private static ProblemHttpResult WrongSetupCode(YouTubeConnection connection) =>
        Problems.Forbidden(connection.IsConnected
            ? "That is not this server's setup code: copy the newest one from the line \"To replace or remove the key\" in the server's log (each change spends it and prints a new one)."
            : "That is not this server's setup code: copy the newest one from the line \"YouTube is not connected\" in the server's log (a new code comes with each start and each change).");

    internal static async Task<Results<Ok<LookupResponse>, ProblemHttpResult>> LookUpAsync(
        LookupRequest? body, VideoLookups lookups, YouTubeConnection connection, SongCatalog catalog, CancellationToken cancellationToken)
    {
        var ids = body?.SongIds ?? [];
        if (ids.Count is 0 or > MaxLookups)
        {
            return Problems.BadRequest($"Name 1 to {MaxLookups} songs: {{\"song_ids\": [\"...\"]}}.");
        }

        var wanted = new List<Song>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (!catalog.TryGet(id, out var song))
            {
                return Problems.NotFound($"No song '{id}' in the catalog.");
            }

            wanted.Add(song);
        }

        var found = await lookups.LookUpAsync(wanted, cancellationToken);
        return TypedResults.Ok(new LookupResponse(connection.IsConnected, lookups.PausedBecause, [.. found.Select(SongResponse.From)]));
    }

    private static YouTubeStatus StatusOf(YouTubeConnection connection) =>
        new(connection.IsConnected, connection.Source == KeySource.None ? null : connection.Source, connection.SetupCodeRequired);
}
