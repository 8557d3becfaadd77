using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Music.Recommendation;

namespace Moodtune.Music.Tests.Recommendation;

public class RecommenderTests
{
    private static readonly SongCatalog Catalog = SyntheticCatalog(2000, seed: 7);
    private readonly Recommender _recommender = new();

    [Fact]
    public void Match_picks_songs_near_the_mood()
    {
        var mood = Circumplex.Picked(Emotion.Sad);

        var playlist = Recommend(mood, Strategy.Match);

        Assert.Equal(20, playlist.Songs.Count);
        Assert.All(playlist.Songs, s => Assert.True(s.Song.Point.DistanceTo(mood.Point) < 0.25f, $"{s.Song.Point} is far from {mood.Point}"));
    }

    [Fact]
    public void Uplift_starts_at_the_mood_and_rises_in_valence_step_by_step()
    {
        var mood = Circumplex.Picked(Emotion.Sad);

        var playlist = Recommend(mood, Strategy.Uplift);

        var targets = playlist.Songs.Select(s => s.Target.Valence).ToArray();
        Assert.True(targets.Zip(targets.Skip(1)).All(p => p.Second >= p.First), "targets never step back");
        Assert.True(playlist.Songs[0].Song.Point.DistanceTo(mood.Point) < 0.25f, "the first song meets the listener");
        var valences = playlist.Songs.Select(s => s.Song.Point.Valence).ToArray();
        Assert.True(valences[..5].Average() < valences[5..10].Average());
        Assert.True(valences[5..10].Average() < valences[10..15].Average());
        Assert.True(valences[^3..].Average() > 0.5f);
    }

    [Fact]
    public void Calm_playlists_fall_in_arousal()
    {
        var playlist = Recommend(Circumplex.Picked(Emotion.Angry), Strategy.Calm);

        var arousal = playlist.Songs.Select(s => s.Song.Point.Arousal).ToArray();
        Assert.True(arousal[..5].Average() > arousal[5..10].Average());
        Assert.True(arousal[5..10].Average() > arousal[10..].Average());
        Assert.True(arousal[^3..].Average() < -0.4f);
        Assert.True(playlist.Songs[^1].Song.Point.Valence > 0.2f);
    }

    [Fact]
    public void Energize_playlists_rise_in_arousal()
    {
        var playlist = Recommend(Circumplex.Picked(Emotion.Sad), Strategy.Energize);

        var arousal = playlist.Songs.Select(s => s.Song.Point.Arousal).ToArray();
        Assert.True(arousal[..5].Average() < arousal[^5..].Average());
        Assert.True(arousal[^3..].Average() > 0.6f);
    }

    [Theory]
    [InlineData(Strategy.Match)]
    [InlineData(Strategy.Uplift)]
    [InlineData(Strategy.Calm)]
    [InlineData(Strategy.Energize)]
    public void No_artist_comes_twice_within_five_songs(Strategy strategy)
    {
        // Few artists make the rule bite.
        var catalog = SyntheticCatalog(600, seed: 3, artists: 8);

        var playlist = _recommender.Recommend(catalog, Request(Circumplex.Picked(Emotion.Happy), strategy, seed: 1));

        for (var i = 0; i < playlist.Songs.Count; i++)
        {
            for (var j = Math.Max(0, i - (Recommender.ArtistGap - 1)); j < i; j++)
            {
                Assert.NotEqual(playlist.Songs[j].Song.Artist, playlist.Songs[i].Song.Artist);
            }
        }
    }

    [Theory]
    [InlineData(Strategy.Match)]
    [InlineData(Strategy.Uplift)]
    public void No_singer_returns_within_five_songs_inside_a_duet_credit(Strategy strategy)
    {
        // Twelve singers credited alone and in duets, as film songs are: whole-credit comparison lets a singer back at once.
        string[] credits = [.. Enumerable.Range(0, 12).SelectMany(i => new[] { $"Singer {i}", $"Singer {i}, Singer {(i + 1) % 12}", $"Singer {(i + 5) % 12} & Singer {i}" })];
        var random = new Random(4);
        var catalog = new SongCatalog(Enumerable.Range(0, 300).Select(i => Make(credits[i % credits.Length], $"Song {i}", random.NextSingle(), random.NextSingle())));

        var playlist = _recommender.Recommend(catalog, Request(Circumplex.Picked(Emotion.Happy), strategy, seed: 1) with { Count = 12 });

        Assert.Equal(12, playlist.Songs.Count);
        for (var i = 1; i < playlist.Songs.Count; i++)
        {
            for (var j = Math.Max(0, i - (Recommender.ArtistGap - 1)); j < i; j++)
            {
                Assert.False(ArtistCredit.Overlap(playlist.Songs[j].Song.Artist, playlist.Songs[i].Song.Artist), $"{playlist.Songs[j].Song.Artist} then {playlist.Songs[i].Song.Artist}");
            }
        }
    }

    [Fact]
    public void Liking_a_duet_likes_each_singer()
    {
        var mood = Circumplex.Picked(Emotion.Neutral);
        var solo = Make("Manna Dey", "Solo", 0.5f, 0.5f);
        var others = Enumerable.Range(0, 60).Select(i => Make($"Singer {i}", $"Song {i}", 0.5f + (i % 2 == 0 ? 0.01f : -0.01f), 0.5f));
        var catalog = new SongCatalog([.. others, solo]);
        var history = new ListenerHistory { LikedArtists = new HashSet<string> { "Kishore Kumar, Manna Dey" } };

        var playlist = _recommender.Recommend(catalog, Request(mood, Strategy.Match, seed: 3) with { History = history, Count = 3 });

        Assert.Equal(solo.Id, playlist.Songs[0].Song.Id);
        Assert.EndsWith("; you like Manna Dey", playlist.Songs[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Preferring_playable_songs_brings_near_ones_with_a_video_forward()
    {
        // Forty near-equivalents around the mood, half with a video: a few hundredths apart, the video decides.
        var mood = Circumplex.Picked(Emotion.Happy);
        var random = new Random(5);
        var songs = Enumerable.Range(0, 40).Select(i => Make($"Singer {i}", $"Song {i}", mood.Point.ToFeatureValence() + (0.03f * random.NextSingle()), mood.Point.ToFeatureEnergy() + (0.03f * random.NextSingle())) with
        {
            YouTubeId = i % 2 == 0 ? $"video{i:D6}" : null,
        });
        var catalog = new SongCatalog(songs);
        var request = Request(mood, Strategy.Match, seed: 2) with { Count = 10 };

        var without = _recommender.Recommend(catalog, request).Songs.Count(s => s.Song.YouTubeId is not null);
        var with = _recommender.Recommend(catalog, request with { PreferPlayable = true }).Songs.Count(s => s.Song.YouTubeId is not null);

        Assert.True(with >= 9 && with > without, $"{with} of 10 playable preferring them, {without} not");
    }

    [Fact]
    public void A_song_without_a_video_that_fits_much_better_is_still_chosen_and_says_so()
    {
        var mood = Circumplex.Picked(Emotion.Sad);
        var (valence, energy) = (mood.Point.ToFeatureValence(), mood.Point.ToFeatureEnergy());
        var close = Enumerable.Range(0, 5).Select(i => Make($"Near {i}", $"Close {i}", valence + (0.005f * i), energy));
        // Playable, but 0.6 away in the plane (0.3 in feature units): further than the preference is worth.
        var far = Enumerable.Range(0, 5).Select(i => Make($"Far {i}", $"Bright {i}", Math.Min(1, valence + 0.3f), energy) with { YouTubeId = $"bright{i:D6}" });
        var catalog = new SongCatalog([.. close, .. far]);
        var request = Request(mood, Strategy.Match, seed: 1) with { Count = 5 };

        var preferring = _recommender.Recommend(catalog, request with { PreferPlayable = true });
        var plain = _recommender.Recommend(catalog, request);

        Assert.All(preferring.Songs, s => Assert.StartsWith("Close ", s.Song.Title, StringComparison.Ordinal));
        Assert.All(preferring.Songs, s => Assert.EndsWith(ReasonWriter.DespiteNoVideo, s.Reason, StringComparison.Ordinal));
        Assert.All(plain.Songs, s => Assert.DoesNotContain(ReasonWriter.DespiteNoVideo, s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Once_videos_can_be_found_only_songs_looked_up_in_vain_give_way()
    {
        // Near-equivalents around the mood, none with a video: half never looked up, half looked up without a result.
        var mood = Circumplex.Picked(Emotion.Neutral);
        var random = new Random(8);
        var songs = Enumerable.Range(0, 60).Select(i => Make($"Singer {i}", i % 2 == 0 ? $"Fresh {i}" : $"Searched {i}", mood.Point.ToFeatureValence() + (0.03f * random.NextSingle()), mood.Point.ToFeatureEnergy() + (0.03f * random.NextSingle())) with
        {
            VideoSearchedOn = i % 2 == 0 ? null : new DateOnly(2026, 12, 1),
        });
        var catalog = new SongCatalog(songs);
        var request = Request(mood, Strategy.Match, seed: 4) with { Count = 20, PreferPlayable = true };

        var connected = _recommender.Recommend(catalog, request with { VideosCanBeFound = true }).Songs;
        var offline = _recommender.Recommend(catalog, request).Songs;

        static bool Fresh(RecommendedSong s) => s.Song.Title.StartsWith("Fresh", StringComparison.Ordinal);
        Assert.True(connected.Count(Fresh) > connected.Count(s => !Fresh(s)), $"{connected.Count(Fresh)} of 20 never looked up");
        Assert.All(connected, s => Assert.Equal(!Fresh(s), s.Reason.EndsWith(ReasonWriter.DespiteNoVideo, StringComparison.Ordinal)));
        Assert.All(offline, s => Assert.EndsWith(ReasonWriter.DespiteNoVideo, s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Fear_gets_anxious_songs_and_anger_aggressive_ones_from_the_same_corner()
    {
        // Both kinds sit exactly at the corner the two expressions share; only dominance tells them apart.
        var point = Circumplex.Of(Emotion.Fear);
        var random = new Random(9);
        var songs = Enumerable.Range(0, 80).Select(i => Make($"Band {i}", $"Song {i}", point.ToFeatureValence() + (0.02f * random.NextSingle()), point.ToFeatureEnergy() + (0.02f * random.NextSingle())) with
        {
            Moods = i % 2 == 0 ? ["aggressive", "intense"] : ["anxious", "tense"],
        });
        var catalog = new SongCatalog(songs);

        var fear = _recommender.Recommend(catalog, Request(Circumplex.Picked(Emotion.Fear), Strategy.Match, seed: 1) with { Count = 10 });
        var angry = _recommender.Recommend(catalog, Request(Circumplex.Picked(Emotion.Angry), Strategy.Match, seed: 1) with { Count = 10 });

        Assert.All(fear.Songs, s => Assert.Contains("anxious", s.Song.Moods));
        Assert.All(angry.Songs, s => Assert.Contains("aggressive", s.Song.Moods));
    }

    [Fact]
    public void Songs_played_beyond_the_recent_window_give_way_to_fresh_ones()
    {
        var mood = Circumplex.Picked(Emotion.Happy);
        var first = Recommend(mood, Strategy.Match, seed: 8);
        var history = new ListenerHistory
        {
            // Fifty other plays push the first list out of the hard window; it is still in the listener's history.
            RecentlyPlayed = [.. Enumerable.Range(0, 50).Select(i => $"elsewhere-{i}"), .. first.Songs.Select(s => s.Song.Id)],
        };

        var next = _recommender.Recommend(Catalog, Request(mood, Strategy.Match, seed: 8) with { History = history });

        Assert.Equal(20, next.Songs.Count);
        Assert.True(next.Songs.Count(s => first.Songs.Any(f => f.Song.Id == s.Song.Id)) <= 3, "the played songs come back");
    }

    [Fact]
    public void Songs_of_the_recent_history_and_disliked_songs_do_not_return()
    {
        var mood = Circumplex.Picked(Emotion.Happy);
        var first = Recommend(mood, Strategy.Match, seed: 11);
        var history = new ListenerHistory
        {
            RecentlyPlayed = [.. first.Songs.Take(10).Select(s => s.Song.Id)],
            Disliked = first.Songs.Skip(10).Select(s => s.Song.Id).ToHashSet(),
        };

        var next = _recommender.Recommend(Catalog, Request(mood, Strategy.Match, seed: 11) with { History = history });

        Assert.Empty(next.Songs.Select(s => s.Song.Id).Intersect(first.Songs.Select(s => s.Song.Id)));
    }

    [Fact]
    public void A_liked_song_rises_and_a_skipped_one_falls()
    {
        var mood = Circumplex.Picked(Emotion.Neutral);
        var baseline = Recommend(mood, Strategy.Match, seed: 5);
        var skipped = baseline.Songs[0].Song.Id;
        var outsider = Catalog.Songs
            .Where(s => !baseline.Songs.Any(b => b.Song.Id == s.Id) && s.Point.DistanceTo(mood.Point) < 0.2f)
            .OrderBy(s => s.Point.DistanceTo(mood.Point))
            .Last();
        var history = new ListenerHistory
        {
            Liked = new HashSet<string> { outsider.Id },
            Skips = new Dictionary<string, int> { [skipped] = 3 },
        };

        var next = _recommender.Recommend(Catalog, Request(mood, Strategy.Match, seed: 5) with { History = history });

        Assert.Contains(next.Songs, s => s.Song.Id == outsider.Id && s.Reason.Contains("you liked it", StringComparison.Ordinal));
        Assert.DoesNotContain(next.Songs, s => s.Song.Id == skipped);
    }

    [Fact]
    public void Two_requests_differ_but_a_seed_repeats()
    {
        var mood = Circumplex.Picked(Emotion.Happy);

        var a = Recommend(mood, Strategy.Match, seed: 1).Songs.Select(s => s.Song.Id).ToList();
        var b = Recommend(mood, Strategy.Match, seed: 2).Songs.Select(s => s.Song.Id).ToList();
        var again = Recommend(mood, Strategy.Match, seed: 1).Songs.Select(s => s.Song.Id).ToList();

        Assert.NotEqual(a, b);
        Assert.Equal(a, again);
    }

    [Fact]
    public void Languages_filter_the_catalog()
    {
        var playlist = _recommender.Recommend(Catalog, Request(Circumplex.Picked(Emotion.Sad), Strategy.Uplift) with { Languages = new HashSet<string> { "hi" } });

        Assert.Equal(20, playlist.Songs.Count);
        Assert.All(playlist.Songs, s => Assert.Equal("hi", s.Song.Language));
    }

    [Fact]
    public void Every_song_has_a_reason()
    {
        var playlist = Recommend(Circumplex.Picked(Emotion.Sad), Strategy.Uplift);

        Assert.All(playlist.Songs, s => Assert.Contains(" — ", s.Reason, StringComparison.Ordinal));
        Assert.Contains("starting close to your mood", playlist.Songs[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_catalog_gives_an_empty_playlist() =>
        Assert.Empty(_recommender.Recommend(new SongCatalog(), Request(Circumplex.Picked(Emotion.Sad), Strategy.Match)).Songs);

    [Fact]
    public void A_small_catalog_gives_a_shorter_playlist_rather_than_repeats()
    {
        var catalog = SyntheticCatalog(6, seed: 1, artists: 6);

        var playlist = _recommender.Recommend(catalog, Request(Circumplex.Picked(Emotion.Happy), Strategy.Match));

        Assert.Equal(6, playlist.Songs.Count);
        Assert.Equal(6, playlist.Songs.Select(s => s.Song.Id).Distinct().Count());
    }

    internal static SongCatalog SyntheticCatalog(int count, int seed, int artists = 400)
    {
        var random = new Random(seed);
        var songs = Enumerable.Range(0, count).Select(i =>
        {
            var artist = $"Artist {i % artists}";
            var title = $"Song {i}";
            return new Song
            {
                Id = Song.MakeId(artist, title),
                Title = title,
                Artist = artist,
                Language = i % 3 == 0 ? "hi" : "en",
                Valence = random.NextSingle(),
                Energy = random.NextSingle(),
                Popularity = random.Next(0, 101),
            };
        });
        return new SongCatalog(songs);
    }

    private static Song Make(string artist, string title, float valence, float energy) => new()
    {
        Id = Song.MakeId(artist, title),
        Title = title,
        Artist = artist,
        Language = "en",
        Valence = valence,
        Energy = energy,
    };

    private static RecommendationRequest Request(MoodEstimate mood, Strategy strategy, int seed = 42) =>
        new() { Mood = mood, Strategy = strategy, Count = 20, Seed = seed };

    private Playlist Recommend(MoodEstimate mood, Strategy strategy, int seed = 42) =>
        _recommender.Recommend(Catalog, Request(mood, strategy, seed));
}
