using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Moodtune.Web.Tests;

public sealed class MusicSettingsTests
{
    [Fact]
    public void Playable_songs_are_preferred_unless_configured_otherwise()
    {
        Assert.True(Options().PreferPlayable);
        Assert.False(Options(("Music:PreferPlayable", "false")).PreferPlayable);
    }

    [Theory]
    [InlineData("Music:PreferPlayable", "maybe")]
    [InlineData("YouTube:QuotaBackoff", "00:00:00")]
    public void A_nonsense_music_setting_is_refused_with_its_name(string key, string value)
    {
        var error = Assert.ThrowsAny<Exception>(() => key.StartsWith("Music", StringComparison.Ordinal) ? Options((key, value)) : (object)YouTube((key, value)));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static MusicOptions Options(params (string Key, string Value)[] settings)
    {
        using var provider = Provider(settings, s => s.AddRecommendations());
        return provider.GetRequiredService<IOptions<MusicOptions>>().Value;
    }

    private static YouTubeOptions YouTube(params (string Key, string Value)[] settings)
    {
        using var provider = Provider(settings, s => s.AddYouTube());
        return provider.GetRequiredService<IOptions<YouTubeOptions>>().Value;
    }

    // The app's own registration over an in-memory configuration.
    private static ServiceProvider Provider((string Key, string Value)[] settings, Action<IServiceCollection> register)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        register(services);
        return services.BuildServiceProvider();
    }
}
