using System.Text.Json;

namespace Moodtune.Cli.Tests;

public sealed class RecommendCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("moodtune-recommend-").FullName;

    [Fact]
    public async Task Recommend_json_gives_an_uplifting_playlist_with_reasons()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync(
            "recommend", "--emotion", "sad", "--strategy", "uplift", "--count", "12", "--seed", "1", "--json", "--data", FreshData());

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
        var (exitCode, output, _) = await CliRunner.RunAsync("recommend", "--emotion", "happy", "--lang", "hi", "--json", "--data", FreshData());

        Assert.Equal(0, exitCode);
        Assert.All(JsonDocument.Parse(output).RootElement.GetProperty("songs").EnumerateArray(), s => Assert.Equal("hi", s.GetProperty("language").GetString()));
    }

    [Fact]
    public async Task Probabilities_are_accepted_as_the_mood()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("recommend", "--probabilities", "happy=0.7,neutral=0.3", "--json", "--data", FreshData());

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
        var (exitCode, _, error) = await CliRunner.RunAsync(["recommend", .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--data", FreshData()]);

        Assert.Equal(2, exitCode);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    // A data folder without a database yet: its catalog starts as the built-in one.
    private string FreshData() => Path.Combine(_temp, Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
