using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>
/// Issue 15's cat, with the real detector and the face verifier: BlazeFace boxes the cat Chelsea (skimage's photo, score
/// 0.78 without the verifier, read as "angry"), and the page must not turn that into a mood, from the camera or from an
/// uploaded photo (issue 17).
/// </summary>
public sealed class AnimalCameraTests(MoodtuneServer server, BrowserSession browser) : IClassFixture<MoodtuneServer>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_cat_in_front_of_the_camera_gets_no_face_no_mood_and_no_playlist()
    {
        var cat = Path.Combine(DetectionSets.Build(), "no-person", "photo-python3-skimage-chelsea.png");
        var clip = Path.Combine(Path.GetTempPath(), $"moodtune-cat-{Guid.NewGuid():N}.y4m");
        Y4mVideo.Write(cat, clip);
        try
        {
            await using var camera = await BrowserSession.WithCameraAsync(clip);
            await using var now = new NowPage(await camera.NewPageAsync());
            await now.GotoAsync(server.Address);
            var stored = await now.CameraReadingCountAsync();
            var traffic = now.WatchCamera();

            await now.Start.ClickAsync();
            await Expect(now.CameraStatus).ToContainTextAsync("No face in view", new() { Timeout = 20_000 });
            // A few more seconds of frames: not one answer may carry a face.
            await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);

            Assert.Equal(0, traffic.FaceAnswers);
            Assert.Equal((0, 0), (traffic.PlaylistMessages, traffic.PlaylistRequests));
            var shown = await now.ShownMoodAsync();
            Assert.True(shown.Emotion.Length == 0, shown.ToString());
            await Expect(now.Songs).ToHaveCountAsync(0);
            Assert.Equal(stored, await now.CameraReadingCountAsync());
        }
        finally
        {
            File.Delete(clip);
        }
    }

    [Fact]
    public async Task A_cat_photo_uploaded_gets_no_face_no_mood_and_nothing_stored()
    {
        var cat = Path.Combine(DetectionSets.Build(), "no-person", "photo-python3-skimage-chelsea.png");
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);
        var readings = await now.ReadingCountAsync();
        var traffic = now.WatchCamera();

        await now.PhotoInput.SetInputFilesAsync(cat);

        await Expect(now.PhotoSummary).ToContainTextAsync("No face found in this photo", new() { Timeout = 20_000 });
        Assert.Equal("Your photo: no face found", await now.Page.Locator("#photo-canvas").GetAttributeAsync("aria-label"));
        var shown = await now.ShownMoodAsync();
        Assert.True(shown.Emotion.Length == 0, shown.ToString());
        await Expect(now.Songs).ToHaveCountAsync(0);
        Assert.Equal(0, traffic.PlaylistRequests);
        Assert.Equal(readings, await now.ReadingCountAsync());
    }
}
