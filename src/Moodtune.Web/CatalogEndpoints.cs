using Microsoft.Extensions.Options;
using Moodtune.Music.Catalog;
using Moodtune.Music.Import;
using Moodtune.Storage;

namespace Moodtune.Web;

internal sealed record CatalogPage(int Total, int Page, int PageSize, IReadOnlyList<SongResponse> Songs);

/// <param name="SkipLines">For each skip reason, the lines of the file its first rows start on (at most five).</param>
/// <param name="WarningLines">The same for warnings that are about rows.</param>
internal sealed record ImportResponse(
    string File, string Format, int Added, int Updated, int Unchanged, int Skipped,
    IReadOnlyDictionary<string, int> SkipReasons, IReadOnlyDictionary<string, int> Warnings, IReadOnlyList<string> Errors,
    IReadOnlyDictionary<string, long[]> SkipLines, IReadOnlyDictionary<string, long[]> WarningLines);

/// <summary>GET /api/catalog and POST /api/catalog/import: browse and grow the song catalog.</summary>
internal static class CatalogEndpoints
{
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/catalog").WithTags("Catalog");
        group.MapGet("/", Search)
            .WithSummary("Search the song catalog")
            .WithDescription("?q=text (title, artist or album) &lang=hi &region=upbeat|calm|sad|intense|neutral &page=1 &page_size=50");
        group.MapPost("/import", ImportAsync)
            .RequireAuthorization(Listener.AdministratorPolicy)
            .RequireRateLimiting(AccountEndpoints.ImportLimit)
            .WithSummary("Import a song list (as `moodtune catalog import`)")
            .WithDescription("Multipart field `file` (CSV or JSON), optional field `format` (auto by default).")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    internal static Results<Ok<CatalogPage>, ProblemHttpResult> Search(
        SongCatalog catalog, string? q = null, string? lang = null, string? region = null, int page = 1,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page_size")] int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return Problems.BadRequest($"page must be at least 1 and page_size between 1 and {MaxPageSize}.");
        }

        MoodRegion? inRegion = null;
        if (region is not null)
        {
            if (!Names.TryParse<MoodRegion>(region, out var parsed))
            {
                return Problems.BadRequest($"Unknown region '{region}'; use upbeat, calm, sad, intense or neutral.");
            }

            inRegion = parsed;
        }

        var languages = (lang ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var text = q?.Trim();
        var found = catalog.Songs
            .Where(s => languages.Count == 0 || languages.Contains(s.Language))
            .Where(s => inRegion is null || CatalogStats.RegionOf(s.Point) == inRegion)
            .Where(s => string.IsNullOrEmpty(text)
                || s.Title.Contains(text, StringComparison.OrdinalIgnoreCase)
                || s.Artist.Contains(text, StringComparison.OrdinalIgnoreCase)
                || (s.Album?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false))
            .OrderBy(s => s.Artist, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Title, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var songs = found.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * pageSize)).Take(pageSize).Select(SongResponse.From).ToList();
        return TypedResults.Ok(new CatalogPage(found.Count, page, pageSize, songs));
    }

    internal static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, SongStore songs, IOptions<WebOptions> options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Problems.BadRequest("Send the song list as a multipart form field 'file'.");
        }

        var (upload, problem) = await Uploads.ReadAsync(request, "file", options.Value.MaxImportBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var formatName = upload!.Form?["format"].ToString();
        var format = CatalogFormat.Auto;
        if (!string.IsNullOrWhiteSpace(formatName) && !CatalogFormats.TryParse(formatName, out format))
        {
            return Problems.BadRequest($"Unknown format '{formatName}'; use one of {string.Join(", ", CatalogFormats.Choices)}.");
        }

        // The importers read files and recognise some layouts by the file's name (fer-playlist's mood, .json): keep it.
        var name = string.IsNullOrWhiteSpace(upload.FileName) ? "upload.csv" : upload.FileName;
        var folder = Directory.CreateTempSubdirectory("moodtune-import-");
        try
        {
            var path = Path.Combine(folder.FullName, name);
            await File.WriteAllBytesAsync(path, upload.Bytes, cancellationToken);
            var report = await songs.ImportAsync(path, format, options.Value.MaxCatalogSongs, cancellationToken);
            return TypedResults.Ok(new ImportResponse(
                name,
                CatalogFormats.Name(report.Format),
                report.Added,
                report.Updated,
                report.Unchanged,
                report.Skipped,
                report.SkipReasons.ToDictionary(i => i.Reason, i => i.Count),
                report.Warnings.ToDictionary(i => i.Reason, i => i.Count),
                report.Errors,
                report.SkipReasons.ToDictionary(i => i.Reason, i => i.FirstRows.Select(r => r.Line).ToArray()),
                report.Warnings.Where(i => i.FirstRows.Count > 0).ToDictionary(i => i.Reason, i => i.FirstRows.Select(r => r.Line).ToArray())));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
