using System.Text.RegularExpressions;
using CsvHelper;
using Moodtune.Music.Catalog;
using Moodtune.Music.Import;

namespace Moodtune.Music.Tests.Catalog;

/// <summary>The shipped catalog: its size, ranges, vocabulary, balance over the mood plane, and the provenance of its video ids.</summary>
public partial class DefaultCatalogTests
{
    // The recommender offers about ten songs a request: a region with fewer cannot fill one list.
    private const int PopulatedRegion = 10;

    private static readonly string[] Vocabulary =
    [
        "happy", "upbeat", "party", "energetic", "calm", "relaxed", "peaceful", "sad", "melancholic", "heartbreak", "angry", "intense",
        "aggressive", "romantic", "devotional", "spiritual", "motivational", "patriotic", "nostalgic", "dreamy", "hopeful", "dark",
        "tense", "playful",
    ];

    private static readonly Lazy<IReadOnlyList<Song>> LoadedSongs = new(() => DefaultCatalog.Load().Songs);

    private static IReadOnlyList<Song> Songs => LoadedSongs.Value;

    public static TheoryData<string> Languages => ["en", "hi"];

    [Fact]
    public void Loads_at_least_300_English_and_200_Hindi_songs()
    {
        Assert.True(Songs.Count(s => s.Language == "en") >= 300, $"{Songs.Count(s => s.Language == "en")} English songs");
        Assert.True(Songs.Count(s => s.Language == "hi") >= 200, $"{Songs.Count(s => s.Language == "hi")} Hindi songs");
        Assert.All(Songs, s => Assert.True(s.Language is "en" or "hi", $"{s.Id} has language {s.Language}"));
    }

    [Fact]
    public void Every_song_is_an_estimated_default_song_whose_id_is_made_from_artist_and_title()
    {
        Assert.All(Songs, s =>
        {
            Assert.Equal(Song.MakeId(s.Artist, s.Title), s.Id);
            Assert.Equal(FeatureOrigin.Estimated, s.Features);
            Assert.Equal("default", s.Source);
            Assert.Null(s.VideoSearchedOn);
        });
    }

    [Fact]
    public void Has_no_duplicate_ids_or_artist_and_title_pairs()
    {
        Assert.Empty(Songs.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(Songs.GroupBy(DuplicateKey).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g.Select(s => s.Id))));
    }

    [Fact]
    public void Features_and_facts_are_in_range()
    {
        Assert.All(Songs, s =>
        {
            Assert.InRange(s.Valence, 0f, 1f);
            Assert.InRange(s.Energy, 0f, 1f);
            if (s.Tempo is { } tempo)
            {
                Assert.InRange(tempo, 40f, 220f);
            }

            if (s.Year is { } year)
            {
                Assert.InRange(year, 1930, 2026);
            }

            if (s.Popularity is { } popularity)
            {
                Assert.InRange(popularity, 0, 100);
            }
        });
    }

    [Fact]
    public void Video_ids_are_well_formed_and_only_Hindi_songs_have_them()
    {
        Assert.All(Songs.Where(s => s.YouTubeId is not null), s => Assert.Matches(VideoId(), s.YouTubeId!));
        Assert.Empty(Songs.Where(s => s.Language == "en" && s.YouTubeId is not null).Select(s => s.Id));
    }

    [Fact]
    public void Mood_tags_come_from_the_documented_vocabulary()
    {
        Assert.Equal(Vocabulary, DefaultCatalog.MoodVocabulary);
        Assert.All(Songs, s =>
        {
            Assert.NotEmpty(s.Moods);
            Assert.All(s.Moods, m => Assert.Contains(m, Vocabulary));
        });
    }

    [Fact]
    public void No_artist_has_more_than_10_songs()
    {
        var crowded = Songs.GroupBy(s => Song.MakeId(s.Artist, "")).Where(g => g.Count() > 10).Select(g => $"{g.First().Artist} ({g.Count()})");

        Assert.Empty(crowded);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Each_quadrant_of_the_mood_plane_holds_at_least_12_percent_of_a_languages_songs(string language)
    {
        var songs = Songs.Where(s => s.Language == language).ToList();
        var quadrants = new (string Name, Func<Song, bool> Holds)[]
        {
            ("positive and aroused (happy, excited)", s => s.Point.Valence > 0 && s.Point.Arousal > 0),
            ("negative and aroused (angry, tense)", s => s.Point.Valence < 0 && s.Point.Arousal > 0),
            ("negative and calm (sad, tired)", s => s.Point.Valence < 0 && s.Point.Arousal < 0),
            ("positive and calm (content, relaxed)", s => s.Point.Valence > 0 && s.Point.Arousal < 0),
        };

        var thin = quadrants
            .Select(q => (q.Name, Count: songs.Count(q.Holds)))
            .Where(q => q.Count < 0.12 * songs.Count)
            .Select(q => $"{q.Name}: {q.Count} of {songs.Count} ({100.0 * q.Count / songs.Count:0.0}%)")
            .ToList();

        Assert.True(thin.Count == 0, $"{language} quadrants under 12%: {string.Join("; ", thin)}");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_calm_sad_and_intense_regions_are_populated(string language)
    {
        var songs = Songs.Where(s => s.Language == language).ToList();
        var regions = new (string Name, Func<Song, bool> Holds)[]
        {
            ("calm (energy < 0.4, valence >= 0.4)", s => s.Energy < 0.4f && s.Valence >= 0.4f),
            ("sad (valence < 0.35)", s => s.Valence < 0.35f),
            ("intense (energy > 0.75, valence < 0.4)", s => s.Energy > 0.75f && s.Valence < 0.4f),
        };

        var empty = regions
            .Select(r => (r.Name, Count: songs.Count(r.Holds)))
            .Where(r => r.Count < PopulatedRegion)
            .Select(r => $"{r.Name}: {r.Count} songs")
            .ToList();

        Assert.True(empty.Count == 0, $"{language} regions with fewer than {PopulatedRegion} songs: {string.Join("; ", empty)}");
    }

    [Fact]
    public void Every_Hindi_video_id_is_one_the_MIT_set_lists_for_the_same_title_singer_and_film()
    {
        var dir = TestPaths.RequireShared("music/bollywood-songs-metadata/raw");
        var index = BollywoodMetadata.VideoIds(
            Directory.GetFiles(Path.Combine(dir, "songs"), "*.csv"), Directory.GetFiles(Path.Combine(dir, "albums"), "*.csv"));

        var hindi = Songs.Where(s => s.Language == "hi" && s.YouTubeId is not null).ToList();
        var unmatched = hindi
            .Where(s => !index.FindInFilm(s.Title, s.Artist, s.Album ?? "").Contains(s.YouTubeId!))
            .Select(s => s.Id)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(hindi.Count >= 240, $"{hindi.Count} Hindi songs with a video");
        Assert.Equal(MatchedOtherwise.Keys.Order(StringComparer.Ordinal), unmatched);
        Assert.All(MatchedOtherwise, e =>
        {
            var song = hindi.Single(s => s.Id == e.Key);
            Assert.Contains(song.YouTubeId!, index.FindInFilm(song.Title, e.Value.Singers, e.Value.Film));
        });
    }

    [Fact]
    public void No_row_carries_the_numbers_of_a_measured_data_set_that_may_not_be_copied()
    {
        var music = TestPaths.RequireShared("music");
        var measured = new List<(string Set, string Artist, float Valence, float Energy)>();
        foreach (var set in new[] { "data-moods/data_moods.csv", "hindi-spotify-features/hindi_songs.csv", "deezer-mood-detection" })
        {
            var songs = new SongCatalog();
            CatalogImporter.Import(songs, Path.Combine(music, set), cancellationToken: TestContext.Current.CancellationToken);
            measured.AddRange(songs.Songs.Where(s => s.Features == FeatureOrigin.Measured).Select(s => (set, s.Artist, s.Valence, s.Energy)));
        }

        // A copy without titles, so no importer takes it; a row copied from it still shows as the artist's numbers.
        using (var csv = CsvReader.FromFile(Path.Combine(music, "spotify-youtube-features-only", "Spotify_Youtube.csv"), new CsvReaderOptions { Separator = ',' }))
        {
            int artist = csv.GetFieldIndex("Artist"), valence = csv.GetFieldIndex("Valence"), energy = csv.GetFieldIndex("Energy");
            while (csv.Read())
            {
                measured.Add(("spotify-youtube-features-only", csv.GetString(artist), Number(csv.GetString(valence)), Number(csv.GetString(energy))));
            }
        }

        var byArtist = measured.SelectMany(m => ArtistKeys(m.Artist).Select(a => (Key: a, Row: m))).ToLookup(x => x.Key, x => x.Row);
        var copied = Songs
            .SelectMany(s => ArtistKeys(s.Artist)
                .SelectMany(a => byArtist[a])
                .Where(m => Math.Abs(m.Valence - s.Valence) <= CopyTolerance && Math.Abs(m.Energy - s.Energy) <= CopyTolerance)
                .Take(1)
                .Select(m => $"{s.Id} {s.Valence}/{s.Energy} = {m.Set} {m.Artist} {m.Valence}/{m.Energy}"))
            .ToList();

        Assert.True(measured.Count > 30_000, $"{measured.Count} measured rows read");
        Assert.True(copied.Count == 0, $"{copied.Count} rows equal a measured row of their artist:\n{string.Join("\n", copied)}");
    }

    [Fact]
    public void Valence_and_energy_agree_with_the_mood_words()
    {
        var contradictions = Songs
            .SelectMany(s => MoodRules
                .Where(r => s.Moods.Any(r.Words.Contains) && r.Contradicts(s))
                .Select(r => $"{s.Id} ({s.Valence}/{s.Energy}, {string.Join(";", s.Moods)}): {r.Name}"))
            .ToList();

        Assert.True(contradictions.Count == 0, string.Join("\n", contradictions));
    }

    [Fact]
    public void At_least_20_Hindi_songs_are_calm_and_bright()
    {
        // Without them a mixed calm playlist ends in English songs only.
        var calmAndBright = Songs.Count(s => s.Language == "hi" && s.Valence >= 0.55f && s.Energy <= 0.30f);

        Assert.True(calmAndBright >= 20, $"{calmAndBright} Hindi songs with valence >= 0.55 and energy <= 0.30");
    }

    // Ids whose song the MIT set credits otherwise, checked by hand against its rows: the id is the set's for the
    // title, under the singers and album the set files it with.
    private static readonly Dictionary<string, (string Singers, string Film)> MatchedOtherwise = new(StringComparer.Ordinal)
    {
        // Baazi (1951) credits her maiden name; she sang as Geeta Dutt from 1953.
        ["geeta-dutt--tadbeer-se-bigdi-hui-taqdeer-bana-le"] = ("Geeta Roy", "Baazi"),

        // A non-film song (the catalog's album says "Non-Film"), filed by the set under a compilation.
        ["lata-mangeshkar--aye-mere-watan-ke-logo"] = ("Lata Mangeshkar", "Lata Mangeshkar - Non-Film Treasures"),
    };

    // Values agree to 3 decimals in the data sets; a float read of 0.005 must still count as within it.
    private const float CopyTolerance = 0.005f + 1e-4f;

    // A song whose words say one thing and whose numbers say another lands in the wrong playlists.
    private static readonly (string Name, string[] Words, Func<Song, bool> Contradicts)[] MoodRules =
    [
        ("sad or heartbreak words with valence > 0.6", ["sad", "heartbreak"], s => s.Valence > 0.6f),
        ("melancholic with valence > 0.65", ["melancholic"], s => s.Valence > 0.65f),
        ("happy or party words with valence < 0.35", ["happy", "party"], s => s.Valence < 0.35f),
        ("upbeat or playful with valence < 0.35", ["upbeat", "playful"], s => s.Valence < 0.35f),
        ("calm, peaceful or relaxed with energy > 0.65", ["calm", "peaceful", "relaxed"], s => s.Energy > 0.65f),
        ("energetic or party with energy < 0.4", ["energetic", "party"], s => s.Energy < 0.4f),
    ];

    private static float Number(string text) => float.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    // Each credited name as a slug, split as the importers split credits ("Usher, Lil Jon & Ludacris").
    private static IEnumerable<string> ArtistKeys(string artist) =>
        artist.Split([",", "&", "/", ";", " and ", " feat. ", " ft. ", " with "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(a => Song.MakeId(a, ""))
            .Where(k => k.Length > 4)
            .Distinct();

    // The first credited artist and the title without a bracketed or dashed suffix: "Tum Hi Ho (From Aashiqui 2)" by
    // "Arijit Singh, Mithoon" is the same song as "Tum Hi Ho" by "Arijit Singh".
    private static string DuplicateKey(Song song)
    {
        var artist = song.Artist.Split([",", "&", " feat.", " ft.", " featuring ", " with "], 2, StringSplitOptions.None)[0];
        return Song.MakeId(artist, Suffix().Replace(song.Title, ""));
    }

    [GeneratedRegex(@"\s*[(\[].*?[)\]]|\s+-\s.*$")]
    private static partial Regex Suffix();

    [GeneratedRegex("^[A-Za-z0-9_-]{11}$")]
    private static partial Regex VideoId();
}
