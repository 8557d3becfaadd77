using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Moodtune.Web.Tests;

public sealed class VisionSettingsTests
{
    [Theory]
    [InlineData("Vision:Feed:RedetectEvery", "0")]
    [InlineData("Vision:Feed:MinCorrelation", "1.5")]
    [InlineData("Vision:Feed:SearchFraction", "0")]
    public async Task A_nonsense_camera_feed_setting_stops_the_app_at_start_with_its_name(string key, string value)
    {
        await using var app = new MoodtuneAppFactory();
        using var broken = app.WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var error = Assert.Throws<OptionsValidationException>(() => broken.CreateClient());

        Assert.Contains("Vision:Feed", error.Message, StringComparison.Ordinal);
    }
}
