using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Moodtune.Web.Tests;

/// <summary>PostgreSQL stopped under the running app, then started again: a cluster of the test's own (tools/postgres-cluster.sh).</summary>
public sealed class DatabaseAwayTests
{
    [Fact]
    public async Task Requests_that_need_the_stopped_database_get_503_analysis_goes_on_and_the_app_serves_again_once_it_is_back()
    {
        // Once is enough: the PostgreSQL pass runs it; the SQLite one has its deleted-file test (StorageFailureTests).
        Assert.SkipUnless(TestStorage.IsPostgres, "runs in the PostgreSQL pass (Storage__Provider=Postgres): it stops and starts a PostgreSQL server of its own");
        var cluster = Directory.CreateTempSubdirectory("moodtune-away-").FullName;
        try
        {
            var connectionString = await ClusterAsync("start", cluster);
            await using var app = new PostgresApp(connectionString);
            var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/mood", new { emotion = "sad" })).StatusCode);

            await ClusterAsync("halt", cluster);

            var history = await client.GetUrlAsync("/api/history");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, history.StatusCode);
            Assert.Equal("application/problem+json", history.Content.Headers.ContentType?.MediaType);
            Assert.Contains("postgres://127.0.0.1:", await history.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostJsonAsync("/api/mood", new { emotion = "happy" })).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetUrlAsync("/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/healthz")).StatusCode); // the process serves on

            // Analysis needs no database: a photo and a camera frame are still answered, their readings not stored.
            var photo = await (await client.PostAsync(
                new Uri("/api/analyze", UriKind.Relative), Http.Form("image", Images.Astronaut, "astronaut.png", "image/png"), TestContext.Current.CancellationToken)).JsonAsync();
            Assert.Equal("happy", photo.GetProperty("mood").GetProperty("emotion").GetString());
            var frame = await FrameAnswerAsync(app, Images.AstronautJpeg());
            Assert.Single(frame.GetProperty("faces").EnumerateArray());

            await ClusterAsync("resume", cluster);

            // No restart: the next requests open new connections.
            var back = await client.GetUrlAsync("/api/history");
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/mood", new { emotion = "happy" })).StatusCode);

            // A restart while the app is idle leaves its pooled connections dead without anyone noticing: the first
            // request after it is served all the same.
            await ClusterAsync("halt", cluster);
            await ClusterAsync("resume", cluster);
            Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/api/history")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/mood", new { emotion = "sad" })).StatusCode);
        }
        finally
        {
            await ClusterAsync("stop", cluster);
        }
    }

    private static async Task<JsonElement> FrameAnswerAsync(PostgresApp app, byte[] frame)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var socket = await app.Server.CreateWebSocketClient().ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), cancel);
        await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancel);
        while (true)
        {
            var message = await socket.ReceiveJsonAsync(cancel);
            if (message.GetProperty("type").GetString() != "playlist")
            {
                return message;
            }
        }
    }

    /// <summary>Runs tools/postgres-cluster.sh; its output is the admin connection string after a start.</summary>
    private static async Task<string> ClusterAsync(string command, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(TestPaths.RepoRoot, "tools", "postgres-cluster.sh"), command, directory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"postgres-cluster.sh {command}: {await errors}");
        return (await output).Trim();
    }

    private sealed class PostgresApp(string connectionString) : WebApplicationFactory<Program>
    {
        private readonly string _data = Directory.CreateTempSubdirectory("moodtune-away-data-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Moodtune:DataDirectory", _data);
            builder.UseSetting("Storage:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Moodtune", connectionString);
            builder.UseSetting("Vision:EmotionModel", "minixception");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Directory.Delete(_data, recursive: true);
        }
    }
}
