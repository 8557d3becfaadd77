using System.ComponentModel.DataAnnotations;
using Moodtune.Music.Recommendation;

namespace Moodtune.Web;

/// <summary>The web app's own settings (section "Moodtune"; environment: Moodtune__DataDirectory...).</summary>
internal sealed class WebOptions
{
    public const string SectionName = "Moodtune";

    /// <summary>single (one local listener, no sign-in) or accounts; empty: single on loopback, accounts on the network (<see cref="ServeMode"/>).</summary>
    public string Mode { get; set; } = "";

    /// <summary>Emails whose accounts administer the instance (catalog import and edits, YouTube), besides the first account.</summary>
    public string[] Administrators { get; set; } = [];

    /// <summary>Readings and plays older than this are deleted (hourly); zero keeps them all.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Photo analyses (POST /api/analyze) a minute per listener or client address (429 with Retry-After above).</summary>
    [Range(1, 100_000)]
    public int AnalysesPerMinute { get; set; } = 60;

    /// <summary>Catalog imports a minute per listener or client address (429 with Retry-After above).</summary>
    [Range(1, 100_000)]
    public int ImportsPerMinute { get; set; } = 10;

    /// <summary>Sign-ins and sign-ups a minute from one client address (429 with Retry-After above).</summary>
    [Range(1, 100_000)]
    public int SignInsPerMinute { get; set; } = 10;

    /// <summary>Folder of the database (moodtune.db); relative paths start at the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Largest photo upload (413 above).</summary>
    [Range(1024, 1L << 30)]
    public long MaxUploadBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Largest catalog file upload.</summary>
    [Range(1024, 1L << 32)]
    public long MaxImportBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The most songs the catalog may hold: an import that would pass it adds nothing new beyond it and says so. Every
    /// song is in memory (about 0.6 KB each) and catalog searches scan them.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxCatalogSongs { get; set; } = 250_000;

    /// <summary>Largest camera frame on the WebSocket (larger frames get an error message).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Frames per second the page sends; a socket sending more than twice this many has the excess answered unanalysed.</summary>
    [Range(1, 30)]
    public int FrameRate { get; set; } = 5;

    /// <summary>Images analysed at once (camera frames and photos); 0: one per core.</summary>
    [Range(0, 1024)]
    public int MaxConcurrentAnalyses { get; set; }

    /// <summary>How long a camera frame waits for an analysis slot before it is dropped (a newer frame follows it).</summary>
    public TimeSpan FrameWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest JSON request body (mood, plays, feedback, sign-in...): 413 above.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxJsonBytes { get; set; } = 64 * 1024;

    /// <summary>Width of the frames the page sends; larger frames are decoded down towards it.</summary>
    [Range(64, 4096)]
    public int FrameWidth { get; set; } = 320;

    /// <summary>
    /// Width of the frames the page is asked for while the user's face is small (a metre or more away) or, every
    /// other frame, not found; 0 (or any width not above FrameWidth) never asks for wider frames (Vision's
    /// CameraFeedOptions.WideFrameWidth).
    /// </summary>
    [Range(0, 4096)]
    public int WideFrameWidth { get; set; } = 640;

    /// <summary>How many songs the page asks for at a time (and again when they ran out).</summary>
    [Range(1, RecommendationEndpoints.MaxCount)]
    public int PlaylistSize { get; set; } = 15;

    /// <summary>match, uplift, calm or energize.</summary>
    public string DefaultStrategy { get; set; } = "uplift";

    /// <summary>While a face is seen, the camera's stable mood is stored when it changes and at most this often otherwise.</summary>
    public TimeSpan CameraReadingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A mood whose confidence (the probability of the expression it names) is below this is not sure: the page says so,
    /// the music stays, nothing is stored. Seven expressions make a blind guess 1/7.
    /// </summary>
    [Range(0.0, 1.0)]
    public float MinConfidence { get; set; } = 0.4f;

    /// <summary>The camera re-plans the playlist on a lasting change of mood, at most this often.</summary>
    public TimeSpan ReplanInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often the server looks for what another process (`moodtune catalog import`, another node) wrote to the
    /// database: songs, and the YouTube key connected from the page (<see cref="DatabaseRefresh"/>).
    /// </summary>
    public TimeSpan CatalogRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Origins (scheme://host[:port]) besides this server's own whose pages may change data here and open the camera
    /// socket, e.g. a proxy that rewrites the Host header; browsers' other cross-site requests are refused.
    /// </summary>
    public string[] TrustedOrigins { get; set; } = [];

    /// <summary>
    /// Who may read GET /metrics: IP addresses or networks (10.0.0.0/8, fd00::/8) of the client, after X-Forwarded-For
    /// from a trusted proxy. Empty: loopback and the private networks (10/8, 172.16/12, 192.168/16, fc00::/7).
    /// </summary>
    public string[] MetricsFrom { get; set; } = [];

    /// <summary>
    /// Proxies whose X-Forwarded-For and X-Forwarded-Proto are trusted besides loopback: IP addresses or networks, e.g.
    /// the compose network nginx sits on (172.16.0.0/12).
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "moodtune.db");

    public Strategy Strategy => StrategyPath.TryParse(DefaultStrategy, out var strategy) ? strategy : Strategy.Uplift;
}

/// <summary>How the page's playlists are made (section "Music").</summary>
internal sealed class MusicOptions
{
    public const string SectionName = "Music";

    /// <summary>
    /// Songs the page can play (a YouTube video id) come before songs that fit the mood about as well but would only open
    /// in YouTube; a song without a video that fits much better is still chosen, and its reason says so.
    /// </summary>
    public bool PreferPlayable { get; set; } = true;
}

/// <summary>The optional YouTube Data API key (section "YouTube"; or connected from the page): with it, songs about to play get their videos looked up.</summary>
internal sealed class YouTubeOptions
{
    public const string SectionName = "YouTube";

    public string? ApiKey { get; set; }

    /// <summary>How long lookups pause after the quota is spent or the API refuses a search.</summary>
    public TimeSpan QuotaBackoff { get; set; } = TimeSpan.FromHours(1);

    public Uri BaseAddress { get; set; } = Moodtune.Music.YouTube.YouTubeSearchClient.DefaultBaseAddress;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ApiKey);
}
