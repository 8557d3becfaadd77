using System.Text.Json;

namespace Moodtune.Cli.Tests;

public class RecommendCommandTests
{
    [Fact]
    public async Task Recommend_json_gives_an_uplifting_playlist_with_reasons()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync(
            "recommend", "--emotion", "sad", "--strategy", "uplift", "--count", "12", "--seed", "1", "--json", "--catalog", MissingCatalog());

        Assert.True(exitCode == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("uplift", json.GetProperty("strategy").GetString());
        Assert.True(json.GetProperty("mood").GetProperty("valence").GetDouble() < 0);
        var songs = json.GetProperty("songs").EnumerateArray().ToList();
        Assert.Equal(12, songs.Count);
        Assert.All(songs, s =>
        {
            Assert.False(string.IsNullOrEmpty(s.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrEmpty(s.GetProperty("artist").GetString()));
            Assert.Contains(" — ", s.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("https://www.youtube.com/", s.GetProperty("url").GetString(), StringComparison.Ordinal);
        });
        Assert.True(songs[^1].GetProperty("valence").GetDouble() > songs[0].GetProperty("valence").GetDouble());
    }

    [Fact]
    public async Task Languages_restrict_the_playlist()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("recommend", "--emotion", "happy", "--lang", "hi", "--json", "--catalog", MissingCatalog());

        Assert.Equal(0, exitCode);
        Assert.All(JsonDocument.Parse(output).RootElement.GetProperty("songs").EnumerateArray(), s => Assert.Equal("hi", s.GetProperty("language").GetString()));
    }

    [Fact]
    public async Task Probabilities_are_accepted_as_the_mood()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("recommend", "--probabilities", "happy=0.7,neutral=0.3", "--json", "--catalog", MissingCatalog());

        Assert.Equal(0, exitCode);
        Assert.Equal("happy", JsonDocument.Parse(output).RootElement.GetProperty("emotion").GetString());
    }

    [Theory]
    [InlineData("bored", "--emotion bored")]
    [InlineData("sideways", "--emotion sad --strategy sideways")]
    [InlineData("lots", "--probabilities happy=lots")]
    [InlineData("--emotion", "")]
    public async Task Bad_arguments_are_clear_errors(string named, string arguments)
    {
        var (exitCode, _, error) = await CliRunner.RunAsync(["recommend", .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--catalog", MissingCatalog()]);

        Assert.Equal(2, exitCode);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    // A catalog file that does not exist yet stands for the built-in default catalog.
    private static string MissingCatalog() => Path.Combine(Path.GetTempPath(), $"moodtune-none-{Guid.NewGuid():N}", "catalog.csv");
}
