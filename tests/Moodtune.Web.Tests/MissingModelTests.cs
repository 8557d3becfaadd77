using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Moodtune.Web.Tests;

/// <summary>
/// A models folder without the models (a broken install, a half-copied board) turns camera and photo analysis off with
/// the reason, instead of stopping the app: the mood picker, the music and the history still serve.
/// </summary>
public sealed class MissingModelTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    [Fact]
    public async Task Without_its_models_the_app_starts_analysis_answers_503_with_the_reason_and_the_music_still_plays()
    {
        var empty = Directory.CreateTempSubdirectory("moodtune-no-models-").FullName;
        try
        {
            using var broken = app.WithWebHostBuilder(b => b.UseSetting("Vision:ModelsDirectory", empty));
            var client = broken.CreateClient();

            var ready = await client.GetUrlAsync("/ready");
            var live = await client.GetUrlAsync("/healthz");
            var photo = await client.PostAsync(
                new Uri("/api/analyze", UriKind.Relative), Http.Image(Images.AstronautJpeg(), "image/jpeg"), TestContext.Current.CancellationToken);
            var socket = await Assert.ThrowsAnyAsync<Exception>(() =>
                broken.Server.CreateWebSocketClient().ConnectAsync(new Uri(broken.Server.BaseAddress, "/ws/frames"), TestContext.Current.CancellationToken));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("could not be loaded", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, photo.StatusCode);
            Assert.Contains(empty, await photo.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Contains("503", socket.Message, StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/mood", new { emotion = "sad" })).StatusCode);
            var playlist = await client.GetJsonAsync("/api/recommendations?emotion=sad&count=5&seed=1");
            Assert.Equal(5, playlist.GetProperty("songs").GetArrayLength());
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
