using System.Net;
using Microsoft.Data.Sqlite;

namespace Moodtune.Web.Tests;

public sealed class StorageFailureTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    [Fact]
    public async Task A_deleted_database_answers_503_problems_makes_the_node_unready_and_the_app_stays_up()
    {
        TestStorage.SkipOnPostgres("its file deleted; PostgreSQL stopped under the app is DatabaseAwayTests'");
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/ready")).StatusCode);

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(app.DataDirectory, "moodtune.db*"))
        {
            File.Delete(file);
        }

        var history = await client.GetUrlAsync("/api/history");
        var mood = await client.PostJsonAsync("/api/mood", new { emotion = "sad" });
        var ready = await client.GetUrlAsync("/ready");
        var live = await client.GetUrlAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, history.StatusCode);
        Assert.Equal("application/problem+json", history.Content.Headers.ContentType?.MediaType);
        Assert.Contains("gone", await history.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, mood.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("cannot be used", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // Alive all the same: restarting the process would not bring the database back.
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        // What needs no database still works: the catalog lives in memory, and a photo is analysed (its reading is lost).
        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/api/catalog?page_size=1")).StatusCode);
        var analyzed = await client.PostAsync(
            new Uri("/api/analyze", UriKind.Relative), Http.Form("image", Images.Astronaut, "astronaut.png", "image/png"), TestContext.Current.CancellationToken);
        Assert.Equal("happy", (await analyzed.JsonAsync()).GetProperty("mood").GetProperty("emotion").GetString());
    }
}
