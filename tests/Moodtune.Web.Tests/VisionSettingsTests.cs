using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moodtune.Vision;
using Moodtune.Vision.Tracking;

namespace Moodtune.Web.Tests;

public sealed class VisionSettingsTests
{
    [Theory]
    [InlineData("Vision:Feed:RedetectEvery", "0")]
    [InlineData("Vision:Feed:MinCorrelation", "1.5")]
    [InlineData("Vision:Feed:SearchFraction", "0")]
    [InlineData("Vision:MaxFaces", "0")]
    [InlineData("Vision:MinFaceScore", "1.5")]
    [InlineData("Vision:Crop:Scale", "0")]
    [InlineData("Vision:Crop:ShiftDown", "0.6")]
    [InlineData("Vision:Crop:ContrastPercent", "50")]
    [InlineData("Vision:Crop:SharpenBelow", "-1")]
    [InlineData("Vision:Crop:SharpenSigma", "0")]
    [InlineData("Vision:Crop:SharpenAmount", "-2")]
    public void A_nonsense_vision_setting_is_refused_with_its_name(string key, string value)
    {
        // The app's own registration over an in-memory configuration (a web host would make the setting process-wide).
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddAnalyze();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VisionOptions>>().Value);

        Assert.Contains(key, error.Message, StringComparison.Ordinal);

        // Binding wrote into this options object only, not into the process-wide defaults.
        Assert.Equal(10, CameraFeedOptions.Default.RedetectEvery);
        Assert.Equal(0.8f, CameraFeedOptions.Default.MinCorrelation);
        Assert.Equal(0.25f, CameraFeedOptions.Default.SearchFraction);
        Assert.Equal(10, new VisionOptions().Feed.RedetectEvery);
    }

    [Fact]
    public void Camera_feed_settings_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Vision:Feed:RedetectEvery", "5"), new("Vision:Feed:Tracking", "false")]).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddAnalyze();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<VisionOptions>>().Value;

        Assert.Equal(5, options.Feed.RedetectEvery);
        Assert.False(options.Feed.Tracking);
    }
}
