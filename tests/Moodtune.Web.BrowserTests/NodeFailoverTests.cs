using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>
/// The page through nginx in front of two nodes on one database (deploy/nginx.conf): the node holding the camera's
/// socket stops, as in a deploy, and the page's camera goes on through the other node by itself, signed in still.
/// </summary>
public sealed class NodeFailoverTests(BrowserSession browser) : IClassFixture<BrowserSession>
{
    private static readonly string[] Settings =
    [
        "--Moodtune:Mode", "accounts",
        "--Vision:EmotionModel", "minixception",
        "--Logging:LogLevel:Default", "Warning",
    ];

    [Fact]
    public async Task When_the_node_holding_the_camera_stops_the_page_reconnects_to_the_other_and_its_camera_goes_on()
    {
        NginxProxy.Require();
        await using var first = await KestrelApp.StartAsync(Settings);
        var second = await KestrelApp.StartAsync(Settings, sharedData: first.DataDirectory);
        var secondAddress = second.Address;
        KestrelApp? replacement = null;
        try
        {
            await using var proxy = await NginxProxy.StartAsync([first.Address, secondAddress]);
            await using var now = new NowPage(await browser.NewPageAsync());
            await now.GotoAsync(proxy.Address);
            await AccountDialog.SignUpAsync(now.Page, $"mover-{Guid.NewGuid():N}@example.com", "a long enough password");

            // The second node goes (nginx then sends the camera to the first), and comes back on its port as a new node.
            await second.DisposeAsync();
            var sockets = 0;
            now.Page.WebSocket += (_, _) => Interlocked.Increment(ref sockets);
            var traffic = now.WatchCamera();
            await now.Start.ClickAsync();
            await Expect(now.EmotionLabel).ToHaveAttributeAsync("data-emotion", "happy", new() { Timeout = 30_000 });
            replacement = await KestrelApp.StartAsync([.. Settings, "--urls", secondAddress.ToString()], sharedData: first.DataDirectory);

            // The first node stops under the open camera: its socket is closed with "going away" and the page reconnects.
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await first.StopAsync();
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the node took {stopping.Elapsed} to stop: the page's socket held it");
            var before = traffic.FaceAnswers;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((Volatile.Read(ref sockets) < 2 || traffic.FaceAnswers < before + 5) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }

            Assert.True(Volatile.Read(ref sockets) >= 2, $"the page opened {sockets} camera socket(s)");
            Assert.True(traffic.FaceAnswers >= before + 5, $"after the first node stopped: {traffic}");
            await Expect(now.EmotionLabel).ToHaveAttributeAsync("data-emotion", "happy");
        }
        finally
        {
            if (replacement is not null)
            {
                await replacement.DisposeAsync();
            }
        }
    }
}
