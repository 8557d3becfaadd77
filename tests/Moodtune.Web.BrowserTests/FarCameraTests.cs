using SkiaSharp;

namespace Moodtune.Web.BrowserTests;

/// <summary>
/// A user a metre or two from the webcam (issue 17's far faces): the face is about 20 pixels of the 320-pixel frames
/// the page starts with, so the server asks for wider frames, and the page sends them until the face is large again.
/// </summary>
public sealed class FarCameraTests(MoodtuneServer server) : IClassFixture<MoodtuneServer>
{
    [Fact]
    public async Task A_user_far_from_the_camera_gets_wide_frames_asked_for_and_sent()
    {
        var far = Path.Combine(Path.GetTempPath(), $"moodtune-far-{Guid.NewGuid():N}.png");
        var clip = Path.ChangeExtension(far, ".y4m");
        WriteFarStill(far);
        Y4mVideo.Write(far, clip);
        try
        {
            await using var camera = await BrowserSession.WithCameraAsync(clip);
            await using var now = new NowPage(await camera.NewPageAsync());
            await now.GotoAsync(server.Address);
            var traffic = now.WatchCamera();

            await now.Start.ClickAsync();
            for (var i = 0; i < 200 && traffic.FrameWidths.Count(w => w == 640) < 3; i++)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            // The first frame goes at the configured 320; once its answer says the face is small, every frame is 640 (the
            // widths the server answered for, which are those the page sent).
            var widths = traffic.FrameWidths;
            Assert.True(widths.Count >= 4, string.Join(", ", widths));
            Assert.Equal(320, widths[0]);
            Assert.Equal(640, widths[^1]);
            Assert.True(widths.Count(w => w == 640) >= 3, string.Join(", ", widths));
            Assert.True(traffic.FaceAnswers > 0, traffic.ToString());
        }
        finally
        {
            File.Delete(far);
            File.Delete(clip);
        }
    }

    // The astronaut photo 240 pixels wide in a 640x480 room: her face is about 40 pixels of the camera's 640.
    private static void WriteFarStill(string path)
    {
        using var astronaut = SKImage.FromEncodedData(TestPaths.TestImage("astronaut.png"));
        using var room = new SKBitmap(640, 480);
        using (var canvas = new SKCanvas(room))
        {
            canvas.Clear(new SKColor(90, 90, 96));
            canvas.DrawImage(astronaut, SKRect.Create(200, 120, 240, 240), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        using var data = room.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
