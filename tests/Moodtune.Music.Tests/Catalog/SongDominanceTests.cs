using Moodtune.Music.Catalog;

namespace Moodtune.Music.Tests.Catalog;

public class SongDominanceTests
{
    private static readonly IReadOnlyList<Song> Default = DefaultCatalog.Load().Songs;

    [Fact]
    public void Aggressive_music_is_dominant_and_fragile_music_submissive()
    {
        var metal = Make(["aggressive", "dark", "tense"], ["nu metal"], energy: 0.95f);
        var ballad = Make(["melancholic", "tender"], ["piano ballad"], energy: 0.2f);

        Assert.True(metal.Dominance >= 0.4f, $"{metal.Dominance}");
        Assert.True(ballad.Dominance < -0.3f, $"{ballad.Dominance}");
        Assert.True(Make(["fragile", "party"], [], energy: 0.9f).Dominance <= -0.3f, "fragile caps the rest");
    }

    [Fact]
    public void Certainty_follows_the_evidence()
    {
        Assert.Equal(1f, SongDominance.Certainty(Make(["sad"], [], 0.3f)));
        Assert.Equal(0.5f, SongDominance.Certainty(Make([], ["heavy metal"], 0.9f)));
        Assert.Equal(0f, SongDominance.Certainty(Make([], ["polka"], 0.9f)));
    }

    [Fact]
    public void Every_default_song_gets_a_dominance_from_its_words_without_a_catalog_column()
    {
        Assert.All(Default, s =>
        {
            Assert.InRange(s.Dominance, -1f, 1f);
            Assert.Equal(1f, SongDominance.Certainty(s));
        });
        Assert.All(Default.Where(s => s.Moods.Contains("aggressive")), s => Assert.True(s.Dominance >= 0.4f, s.Id));
        var calmAndSad = Default.Where(s => s.Moods.Contains("melancholic") && !s.Moods.Contains("angry") && !s.Moods.Contains("aggressive")).ToList();
        Assert.True(calmAndSad.Average(s => s.Dominance) < -0.15f, $"{calmAndSad.Average(s => s.Dominance)}");
    }

    private static Song Make(string[] moods, string[] genres, float energy) => new()
    {
        Id = "x--y",
        Title = "y",
        Artist = "x",
        Language = "en",
        Valence = 0.3f,
        Energy = energy,
        Moods = moods,
        Genres = genres,
    };
}
