using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Moodtune.Tests;

/// <summary>
/// A local stand-in for the YouTube Data API v3 (tests have no internet and no quota to spend): <c>search</c> (100 units)
/// finds the videos of <see cref="Videos"/> by query, <c>videos</c> (1 unit) answers for any id; both refuse every key but
/// <see cref="ApiKey"/> and <see cref="SecondApiKey"/> as YouTube does, and record what they were asked.
/// </summary>
public sealed class DataApiStandIn : IAsyncDisposable
{
    public const string ApiKey = "AIzaSyStandInKey_0123456789abcdefghijk";

    /// <summary>Another good key: what an owner replaces the first with.</summary>
    public const string SecondApiKey = "AIzaSyStandInKey_second_456789abcdefg";

    private readonly WebApplication _server;
    private int _searchesLeft = int.MaxValue;

    private DataApiStandIn(WebApplication server) => _server = server;

    /// <summary>Video ids by search query ("Artist Title"); other queries find nothing.</summary>
    public ConcurrentDictionary<string, string> Videos { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether every query finds a video (its id made from the query), not only those of <see cref="Videos"/>.</summary>
    public bool FindsEverySong { get; set; }

    /// <summary>The video id <see cref="FindsEverySong"/> gives a query: eleven URL-safe characters of its SHA-256.</summary>
    public static string VideoFor(string query) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(query)))[..11].Replace('+', '-').Replace('/', '_');

    /// <summary>Every search query asked with the right key, in order.</summary>
    public ConcurrentQueue<string> Searches { get; } = new();

    /// <summary>How many search.list calls came, answered or refused.</summary>
    public int SearchCalls => Volatile.Read(ref _searchCalls);

    private int _searchCalls;

    /// <summary>How many videos.list calls came, with any key.</summary>
    public int KeyChecks => Volatile.Read(ref _keyChecks);

    private int _keyChecks;

    /// <summary>The API root to configure (YouTube:BaseAddress): http://127.0.0.1:PORT/youtube/v3/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>After this many more searches the daily quota is spent (403 quotaExceeded).</summary>
    public void QuotaAfter(int searches) => Volatile.Write(ref _searchesLeft, searches);

    public static async Task<DataApiStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var standIn = new DataApiStandIn(builder.Build());
        standIn.Map();
        await standIn._server.StartAsync();
        var address = standIn._server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.BaseAddress = new Uri($"{address}/youtube/v3/");
        return standIn;
    }

    private void Map()
    {
        _server.MapGet("/youtube/v3/videos", (HttpRequest request) =>
        {
            Interlocked.Increment(ref _keyChecks);
            return IsKey(request)
                ? Results.Json(new { kind = "youtube#videoListResponse", items = new[] { new { kind = "youtube#video", id = request.Query["id"].ToString() } } })
                : KeyInvalid();
        });
        _server.MapGet("/youtube/v3/search", (HttpRequest request) =>
        {
            Interlocked.Increment(ref _searchCalls);
            if (!IsKey(request))
            {
                return KeyInvalid();
            }

            if (Interlocked.Decrement(ref _searchesLeft) < 0)
            {
                return Results.Json(Error(403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota."), statusCode: 403);
            }

            var query = request.Query["q"].ToString();
            Searches.Enqueue(query);
            var id = Videos.TryGetValue(query, out var known) ? known : FindsEverySong ? VideoFor(query) : null;
            object[] items = id is null ? [] : [new { id = new { kind = "youtube#video", videoId = id } }];
            return Results.Json(new { kind = "youtube#searchListResponse", items });
        });
    }

    private static bool IsKey(HttpRequest request) => request.Query["key"] == ApiKey || request.Query["key"] == SecondApiKey;

    private static IResult KeyInvalid() =>
        Results.Json(Error(400, "badRequest", "API key not valid. Please pass a valid API key."), statusCode: 400);

    private static object Error(int code, string reason, string message) =>
        new { error = new { code, message, errors = new[] { new { message, domain = "global", reason } } } };

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
