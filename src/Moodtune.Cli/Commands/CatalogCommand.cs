using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Music.Evaluation;
using Moodtune.Music.Import;
using Moodtune.Music.Recommendation;
using Moodtune.Music.YouTube;
using Moodtune.Storage;
using Moodtune.Web;
using Spectre.Console;

namespace Moodtune.Cli.Commands;

/// <summary>`moodtune catalog import|stats|export|report|flow|resolve`: the songs Moodtune recommends from.</summary>
internal static class CatalogCommand
{
    public static Command Create(CliConsole console) => new("catalog", "Import, inspect, export and assess the song catalog.")
    {
        Import(console),
        Stats(console),
        Export(console),
        Report(console),
        Flow(console),
        Resolve(console),
    };

    private static Command Import(CliConsole console)
    {
        var files = new Argument<string[]>("files") { Description = "CSV or JSON files (or folders) of songs.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format")
        {
            Description = $"Layout: auto or one of {string.Join(", ", CatalogFormats.Choices)}.",
            DefaultValueFactory = _ => "auto",
        };
        var data = DataFolder.Option();
        var json = CommonOptions.Json();
        var command = new Command("import", "Import songs into the catalog (same song twice is one song); a running `serve` on the same data folder sees them within seconds.") { files, format, data, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CatalogFormats.TryParse(result.GetValue(format), out var layout))
            {
                console.Problem("catalog import", $"unknown format '{result.GetValue(format)}'");
                return 2;
            }

            var configuration = DataFolder.Configuration(result.GetValue(data));
            using var songs = await DataFolder.OpenCatalogAsync(configuration, console, cancellationToken);
            if (songs is null)
            {
                return 1;
            }

            var reports = new List<ImportReport>();
            foreach (var path in result.GetRequiredValue(files))
            {
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    console.Problem(path, "no such file or folder");
                    continue;
                }

                ImportReport report;
                try
                {
                    report = await songs.ImportAsync(path, layout, MoodtuneConfiguration.MaxCatalogSongs(configuration), cancellationToken);
                }
                catch (StorageUnavailableException e)
                {
                    console.Problem(path, $"nothing imported: {e.Message}");
                    return 1;
                }

                reports.Add(report);
                foreach (var error in report.Errors)
                {
                    console.Problem(path, error);
                }

                if (!result.GetValue(json))
                {
                    WriteHuman(console.Human, report);
                }
            }

            if (result.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(reports.Select(ImportDocument.From).ToList(), CatalogJsonContext.Default.ListImportDocument));
            }
            else
            {
                console.Human.MarkupLineInterpolated($"Catalog in {songs.DatabasePath}: {songs.Catalog.Count} songs.");
            }

            return reports.Any(r => r.Errors.Count == 0) ? 0 : 1;
        });
        return command;
    }

    private static Command Stats(CliConsole console)
    {
        var data = DataFolder.Option();
        var json = CommonOptions.Json();
        var command = new Command("stats", "Songs per language and per mood region.") { data, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var store = await DataFolder.OpenCatalogAsync(result.GetValue(data), console, cancellationToken);
            if (store is null)
            {
                return 1;
            }

            var stats = CatalogStats.Of(store.Catalog);
            if (result.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(StatsDocument.From(stats), CatalogJsonContext.Default.StatsDocument));
                return 0;
            }

            console.Human.MarkupLineInterpolated($"{stats.Songs} songs, {stats.WithVideoId} with a YouTube video id.");
            var table = new Table().AddColumns("language", "songs");
            foreach (var (language, n) in stats.Languages)
            {
                table.AddRow(Markup.Escape(language), n.ToString(CultureInfo.InvariantCulture));
            }

            var regions = new Table().AddColumns("mood region", "songs");
            foreach (var (region, n) in stats.Regions)
            {
                regions.AddRow(WireName.Of(region), n.ToString(CultureInfo.InvariantCulture));
            }

            console.Human.Write(table);
            console.Human.Write(regions);
            return 0;
        });
        return command;
    }

    private static Command Export(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write (.csv or .json)." };
        var data = DataFolder.Option();
        var command = new Command("export", "Write the catalog in the generic layout (CSV, or JSON by extension).") { file, data };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var store = await DataFolder.OpenCatalogAsync(result.GetValue(data), console, cancellationToken);
            if (store is null)
            {
                return 1;
            }

            var songs = store.Catalog;
            var target = result.GetRequiredValue(file);
            try
            {
                CatalogStore.Export(songs, target.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Problem(target.FullName, e.Message);
                return 1;
            }

            console.HumanError.MarkupLineInterpolated($"Wrote {songs.Count} songs to {target.FullName}.");
            return 0;
        });
        return command;
    }

    private static Command Report(CliConsole console)
    {
        var with = new Option<string[]>("--with")
        {
            Description = "Also assess a real data set, imported on its own (repeatable), and compare the catalog's estimates with its measured features.",
            DefaultValueFactory = _ => [],
        };
        var data = DataFolder.Option();
        var json = CommonOptions.Json();
        var command = new Command("report", "Playlist quality: distance of recommended songs to their targets, against random playlists.") { with, data, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var store = await DataFolder.OpenCatalogAsync(result.GetValue(data), console, cancellationToken);
            if (store is null)
            {
                return 1;
            }

            var songs = store.Catalog;
            var rows = new List<QualityRow>(PlaylistQuality.Measure("catalog", songs));
            var agreements = new List<FeatureAgreement>();
            foreach (var path in result.GetValue(with)!)
            {
                var set = new SongCatalog();
                var report = CatalogImporter.Import(set, path, CatalogFormat.Auto, cancellationToken: cancellationToken);
                if (set.Count == 0)
                {
                    console.Problem(path, $"nothing imported ({report})");
                    continue;
                }

                var name = Path.GetFileNameWithoutExtension(path.TrimEnd('/'));
                rows.AddRange(PlaylistQuality.Measure(name, set));
                agreements.Add(PlaylistQuality.Agreement(name, songs, set));
            }

            if (result.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(QualityDocument.From(rows, agreements), CatalogJsonContext.Default.QualityDocument));
                return 0;
            }

            var table = new Table().AddColumns("catalog", "strategy", "emotion", "songs", "mean distance", "random", "ratio");
            foreach (var row in rows)
            {
                table.AddRow(
                    Markup.Escape(row.Catalog),
                    WireName.Of(row.Strategy),
                    EmotionProbabilities.Name(row.Emotion),
                    row.Songs.ToString(CultureInfo.InvariantCulture),
                    row.MeanDistance.ToString("0.000", CultureInfo.InvariantCulture),
                    row.RandomMeanDistance.ToString("0.000", CultureInfo.InvariantCulture),
                    row.Ratio.ToString("0.00", CultureInfo.InvariantCulture));
            }

            console.Human.Write(table);
            foreach (var group in rows.GroupBy(r => r.Catalog))
            {
                console.Human.MarkupLineInterpolated($"{group.Key}: mean ratio {group.Average(r => r.Ratio):0.00} over {group.Count()} emotion x strategy pairs");
            }

            foreach (var a in agreements)
            {
                console.Human.MarkupLineInterpolated($"estimates vs {a.Reference}: {a.Songs} songs in both, valence r = {a.ValenceCorrelation:0.00}, energy r = {a.EnergyCorrelation:0.00}");
            }

            return 0;
        });
        return command;
    }

    private static Command Flow(CliConsole console)
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the lists (the next seed is compared with it).", DefaultValueFactory = _ => 1 };
        var count = new Option<int>("--count") { Description = "Songs per list.", DefaultValueFactory = _ => 20 };
        var languages = new Option<string?>("--lang") { Description = "Languages to draw from, e.g. en,hi (default: all)." };
        var data = DataFolder.Option();
        var json = CommonOptions.Json();
        var command = new Command("flow", "Variety and flow of the 28 lists (7 emotions x 4 strategies): fear vs anger, distinct songs, energy steps, artist repeats, endings.")
        {
            seed, count, languages, data, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(count) is < 1 or > 500)
            {
                console.Problem("catalog flow", "--count must be between 1 and 500");
                return 2;
            }

            using var store = await DataFolder.OpenCatalogAsync(result.GetValue(data), console, cancellationToken);
            if (store is null)
            {
                return 1;
            }

            var songs = store.Catalog;
            var chosen = RecommendCommand.ParseLanguages(result.GetValue(languages));
            var report = PlaylistFlow.Measure(songs, chosen, result.GetValue(count), result.GetValue(seed));
            var playable = PlaylistPlayability.Measure(songs, chosen, result.GetValue(count), result.GetValue(seed));
            if (result.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(FlowDocument.From(report, playable), CatalogJsonContext.Default.FlowDocument));
                return 0;
            }

            var output = console.Human;
            foreach (var o in report.FearAnger)
            {
                output.MarkupLineInterpolated($"fear/match vs angry/match ({o.Languages}): {o.Shared} of {o.Songs} songs shared; {o.AggressiveInFear} fear songs tagged aggressive");
            }

            output.MarkupLineInterpolated($"distinct songs across the 28 lists: {report.DistinctSongs} of {report.Slots} slots; {report.DistinctForOneListener} for one listener who plays each list before the next");
            output.MarkupLineInterpolated($"mean absolute energy step between consecutive songs: {report.MeanEnergyStep:0.000}");
            output.MarkupLineInterpolated($"artist repeats within {Music.Recommendation.Recommender.ArtistGap} songs (credits split): {report.ArtistRepeats}");
            foreach (var e in report.Endings)
            {
                output.MarkupLineInterpolated($"{WireName.Of(e.Strategy)} endings: at most {e.MostEmotionsSharingASong} of 7 emotions end on one same song; {e.AlikePairs} of 21 pairs share half their last {PlaylistFlow.EndingLength}; sad ends: {string.Join(" / ", e.Example)}");
            }

            output.MarkupLineInterpolated($"seed {result.GetValue(seed) + 1} vs {result.GetValue(seed)}: {report.SeedSharedSongs:0.0} songs of a list shared, {report.SeedSharedEnding:0.0} of its last {PlaylistFlow.EndingLength}");
            foreach (var (name, lists) in new[] { ("preferring playable songs (the page)", playable.With), ("without the preference", playable.Without) })
            {
                output.MarkupLineInterpolated($"playable in the page, {name}: {lists.Playable} of {lists.Slots} songs, at least {lists.FewestPlayable} per list; mean distance to the target {lists.MeanDistance:0.0000}");
            }

            return 0;
        });
        return command;
    }

    private static Command Resolve(CliConsole console)
    {
        var limit = new Option<int>("--limit") { Description = "Search at most this many songs (each search costs 100 of the 10,000 daily quota units).", DefaultValueFactory = _ => 90 };
        var apiKey = new Option<string?>("--api-key") { Description = "YouTube Data API v3 key. Default: the setting YouTube:ApiKey (environment YouTube__ApiKey), else the key connected from the page." };
        var data = DataFolder.Option();
        var command = new Command("resolve", "Find YouTube video ids for songs that have none (YouTube Data API search.list); answers are kept, so no song is searched twice.") { limit, apiKey, data };
        command.SetAction(async (result, cancellationToken) =>
        {
            var configuration = DataFolder.Configuration(result.GetValue(data));
            using var songs = await DataFolder.OpenCatalogAsync(configuration, console, cancellationToken);
            if (songs is null)
            {
                return 1;
            }

            var youTube = MoodtuneConfiguration.YouTube(configuration);
            var key = result.GetValue(apiKey) ?? youTube.ApiKey ?? await new SettingStore(songs.Database, TimeProvider.System).GetAsync(SettingStore.YouTubeApiKey, cancellationToken);
            if (string.IsNullOrWhiteSpace(key))
            {
                console.Problem("catalog resolve", "no YouTube Data API key: pass --api-key, set YouTube__ApiKey, or connect YouTube in the page (without one, songs without an id play through a YouTube search link)");
                return 2;
            }

            using var http = new HttpClient { BaseAddress = youTube.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
            var resolver = new VideoIdResolver(new YouTubeSearchClient(http, key), TimeProvider.System);

            var report = await songs.ChangeAsync((copy, ct) => resolver.ResolveAsync(copy, result.GetValue(limit), ct), cancellationToken);

            console.Human.MarkupLineInterpolated($"Searched {report.Searched}: {report.Found} found, {report.NotFound} not found; {report.Remaining} songs still without an id.");
            if (report.StoppedBecause is { } reason)
            {
                console.Problem("catalog resolve", $"stopped: {reason}");
                return report.Searched > 0 ? 0 : 1;
            }

            return 0;
        });
        return command;
    }

    private static void WriteHuman(IAnsiConsole output, ImportReport report)
    {
        output.MarkupLineInterpolated($"[bold]{report.Path}[/]: {report}");
        foreach (var issue in report.SkipReasons.Concat(report.Warnings))
        {
            output.MarkupLineInterpolated($"  {issue.Count} x {issue.Reason} (e.g. {string.Join(", ", issue.FirstRows.Take(3))})");
        }
    }
}

internal sealed record ImportDocument(
    string File,
    string Format,
    int Added,
    int Updated,
    int Unchanged,
    int Skipped,
    IReadOnlyDictionary<string, int> SkipReasons,
    IReadOnlyDictionary<string, int> Warnings,
    IReadOnlyList<string> Errors)
{
    public static ImportDocument From(ImportReport r) => new(
        r.Path, CatalogFormats.Name(r.Format), r.Added, r.Updated, r.Unchanged, r.Skipped,
        r.SkipReasons.ToDictionary(i => i.Reason, i => i.Count), r.Warnings.ToDictionary(i => i.Reason, i => i.Count), r.Errors);
}

internal sealed record StatsDocument(
    int Songs,
    IReadOnlyDictionary<string, int> Languages,
    IReadOnlyDictionary<string, int> Regions,
    [property: JsonPropertyName("with_youtube_id")] int WithYouTubeId)
{
    public static StatsDocument From(CatalogStats s) =>
        new(s.Songs, s.Languages, s.Regions.ToDictionary(r => WireName.Of(r.Key), r => r.Value), s.WithVideoId);
}

internal sealed record QualityRowDocument(
    string Catalog,
    Strategy Strategy,
    Emotion Emotion,
    int Songs,
    float MeanDistance,
    float RandomMeanDistance,
    float Ratio);

internal sealed record AgreementDocument(
    string Reference,
    int Songs,
    double? ValenceR,
    double? EnergyR);

internal sealed record QualityDocument(
    IReadOnlyList<QualityRowDocument> Rows,
    IReadOnlyList<AgreementDocument> Agreement)
{
    public static QualityDocument From(IEnumerable<QualityRow> rows, IEnumerable<FeatureAgreement> agreements) => new(
        [.. rows.Select(r => new QualityRowDocument(r.Catalog, r.Strategy, r.Emotion, r.Songs, r.MeanDistance, r.RandomMeanDistance, r.Ratio))],
        [.. agreements.Select(a => new AgreementDocument(a.Reference, a.Songs, double.IsNaN(a.ValenceCorrelation) ? null : a.ValenceCorrelation, double.IsNaN(a.EnergyCorrelation) ? null : a.EnergyCorrelation))]);
}

internal sealed record FlowDocument(
    IReadOnlyList<FearAngerDocument> FearAnger,
    int Slots,
    int DistinctSongs,
    [property: JsonPropertyName("distinct_songs_one_listener")] int DistinctForOneListener,
    double MeanEnergyStep,
    int ArtistRepeats,
    IReadOnlyList<EndingDocument> Endings,
    [property: JsonPropertyName("next_seed_shared_songs")] double SeedSharedSongs,
    [property: JsonPropertyName("next_seed_shared_ending")] double SeedSharedEnding,
    PlayableDocument Playable,
    PlayableDocument PlayableWithoutPreference)
{
    public static FlowDocument From(FlowReport r, PlayabilityReport p) => new(
        [.. r.FearAnger.Select(o => new FearAngerDocument(o.Languages, o.Shared, o.Songs, o.AggressiveInFear))],
        r.Slots,
        r.DistinctSongs,
        r.DistinctForOneListener,
        r.MeanEnergyStep,
        r.ArtistRepeats,
        [.. r.Endings.Select(e => new EndingDocument(e.Strategy, e.MostEmotionsSharingASong, e.AlikePairs, e.Example))],
        r.SeedSharedSongs,
        r.SeedSharedEnding,
        PlayableDocument.From(p.With),
        PlayableDocument.From(p.Without));
}

internal sealed record PlayableDocument(
    int Songs,
    int Slots,
    int FewestPerList,
    double MeanDistance)
{
    public static PlayableDocument From(PlayableLists l) => new(l.Playable, l.Slots, l.FewestPlayable, l.MeanDistance);
}

internal sealed record FearAngerDocument(
    string Languages,
    int Shared,
    int Songs,
    int AggressiveInFear);

internal sealed record EndingDocument(
    Strategy Strategy,
    int MostEmotionsSharingASong,
    int AlikePairs,
    IReadOnlyList<string> SadEnding);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(WireNameConverter<Strategy>), typeof(WireNameConverter<Emotion>)])]
[JsonSerializable(typeof(List<ImportDocument>))]
[JsonSerializable(typeof(FlowDocument))]
[JsonSerializable(typeof(StatsDocument))]
[JsonSerializable(typeof(QualityDocument))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
