using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Moodtune.Mood;
using Moodtune.Music.Recommendation;
using Moodtune.Music.Serialization;
using Spectre.Console;

namespace Moodtune.Cli.Commands;

/// <summary>`moodtune recommend --emotion sad`: a playlist for a mood.</summary>
internal static class RecommendCommand
{
    public static Command Create(CliConsole console)
    {
        var emotion = new Option<string?>("--emotion") { Description = "The mood: angry, disgust, fear, happy, sad, surprise or neutral." };
        var probabilities = new Option<string?>("--probabilities") { Description = "Or expression probabilities, e.g. happy=0.6,neutral=0.3,sad=0.1." };
        var strategy = new Option<string>("--strategy") { Description = "match, uplift, calm or energize.", DefaultValueFactory = _ => "match" };
        var languages = new Option<string?>("--lang") { Description = "Languages to draw from, e.g. en,hi (default: all)." };
        var count = new Option<int>("--count") { Description = "How many songs.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int?>("--seed") { Description = "Fix the small randomness, for repeatable playlists." };
        var data = DataFolder.Option();
        var json = CommonOptions.Json();

        var command = new Command("recommend", "Recommend a playlist for a mood.") { emotion, probabilities, strategy, languages, count, seed, data, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!TryMood(result.GetValue(emotion), result.GetValue(probabilities), out var mood, out var problem)
                || !TryStrategy(result.GetValue(strategy), out var chosen, out problem))
            {
                console.Problem("recommend", problem);
                return 2;
            }

            var howMany = result.GetValue(count);
            if (howMany is < 1 or > 500)
            {
                console.Problem("recommend", "--count must be between 1 and 500");
                return 2;
            }

            using var store = await DataFolder.OpenCatalogAsync(result.GetValue(data), console, cancellationToken);
            if (store is null)
            {
                return 1;
            }

            var songs = store.Catalog;
            if (songs.Count == 0)
            {
                console.Problem("recommend", "the catalog is empty: import songs with `moodtune catalog import FILE`");
                return 1;
            }

            var request = new RecommendationRequest
            {
                Mood = mood,
                Strategy = chosen,
                Count = howMany,
                Languages = ParseLanguages(result.GetValue(languages)),
                Seed = result.GetValue(seed),
            };
            var playlist = new Recommender().Recommend(songs, request);
            if (playlist.Songs.Count == 0)
            {
                console.Problem("recommend", "no song of the catalog fits (check --lang)");
                return 1;
            }

            if (result.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(PlaylistDocument.From(playlist), MusicJsonContext.Default.PlaylistDocument));
            }
            else
            {
                WriteHuman(console.Human, playlist);
            }

            return 0;
        });
        return command;
    }

    internal static bool TryMood(string? emotion, string? probabilities, out MoodEstimate mood, out string problem)
    {
        mood = default;
        problem = string.Empty;
        if (emotion is not null && probabilities is not null)
        {
            problem = "give either --emotion or --probabilities, not both";
            return false;
        }

        if (emotion is not null)
        {
            if (!EmotionProbabilities.TryParse(emotion, out var picked))
            {
                problem = $"unknown emotion '{emotion}'; use one of {string.Join(", ", EmotionProbabilities.All.Select(EmotionProbabilities.Name))}";
                return false;
            }

            mood = Circumplex.Picked(picked);
            return true;
        }

        if (probabilities is null)
        {
            problem = "say the mood with --emotion NAME or --probabilities name=p,...";
            return false;
        }

        var scores = new float[EmotionProbabilities.Count];
        foreach (var part in probabilities.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !EmotionProbabilities.TryParse(pair[0], out var e)
                || !float.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || p < 0 || !float.IsFinite(p))
            {
                problem = $"cannot read '{part}' in --probabilities (expected name=number)";
                return false;
            }

            scores[(int)e] = p;
        }

        if (scores.Sum() <= 0)
        {
            problem = "--probabilities must give at least one positive probability";
            return false;
        }

        mood = Circumplex.Locate(EmotionProbabilities.FromScores(scores));
        return true;
    }

    private static bool TryStrategy(string? text, out Strategy strategy, out string problem)
    {
        problem = StrategyPath.TryParse(text, out strategy) ? string.Empty : $"unknown strategy '{text}'; use match, uplift, calm or energize";
        return problem.Length == 0;
    }

    internal static HashSet<string> ParseLanguages(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    private static void WriteHuman(IAnsiConsole output, Playlist playlist)
    {
        output.MarkupLineInterpolated($"[bold]{playlist.Strategy}[/] from {EmotionProbabilities.Name(playlist.Mood.Dominant)} {playlist.Mood.Point} towards {playlist.Goal}");
        var table = new Table().AddColumns("#", "title", "artist", "lang", "valence", "energy", "play", "why");
        var index = 0;
        foreach (var s in playlist.Songs)
        {
            table.AddRow(
                Markup.Escape((++index).ToString(CultureInfo.InvariantCulture)),
                Markup.Escape(s.Song.Title),
                Markup.Escape(s.Song.Artist),
                Markup.Escape(s.Song.Language),
                s.Song.Valence.ToString("0.00", CultureInfo.InvariantCulture),
                s.Song.Energy.ToString("0.00", CultureInfo.InvariantCulture),
                Markup.Escape(s.Song.YouTubeId is { } id ? $"youtu.be/{id}" : "search"),
                Markup.Escape(s.Reason));
        }

        output.Write(table);
    }
}
