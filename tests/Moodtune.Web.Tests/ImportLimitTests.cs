using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Moodtune.Music.Catalog;

namespace Moodtune.Web.Tests;

/// <summary>Issue 19's import findings: odd upload names answered 500, and a row's text had no limit.</summary>
public sealed class ImportLimitTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    public static TheoryData<string, string> OddNames => new()
    {
        { ".", "upload.csv" },
        { "..", "upload.csv" },
        { "../../etc/passwd.csv", "passwd.csv" },
        { "..\\..\\evil.csv", "evil.csv" },
        { ".hidden.csv", "hidden.csv" },
        { new string('n', 300) + ".csv", new string('n', 96) + ".csv" },
        { "a\tb c;d.csv", "a_b_c_d.csv" },
    };

    [Theory]
    [MemberData(nameof(OddNames))]
    public async Task Odd_upload_names_import_under_a_safe_name(string name, string expected)
    {
        var csv = Encoding.UTF8.GetBytes($"title,artist,language,valence,energy\nSafe Name {Guid.NewGuid():N},Name Tester,en,0.5,0.5\n");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = $"\"{name.Replace("\\", "\\\\", StringComparison.Ordinal)}\"" };
        form.Add(file);

        using var response = await _client.PostAsync(new Uri("/api/catalog/import", UriKind.Relative), form, TestContext.Current.CancellationToken);
        var report = await response.JsonAsync();

        Assert.Equal(expected, report.GetProperty("file").GetString());
        Assert.Equal(1, report.GetProperty("added").GetInt32());
    }

    [Fact]
    public async Task A_title_of_kilobytes_is_skipped_and_playlists_stay_small()
    {
        var csv = $"title,artist,language,valence,energy\n{new string('x', 50_000)},Flooder,en,0.9,0.8\nNormal Title,Flooder,en,0.9,0.8\n";

        using var response = await _client.PostAsync(
            new Uri("/api/catalog/import", UriKind.Relative), Http.Form("file", Encoding.UTF8.GetBytes(csv), "flood.csv", "text/csv"), TestContext.Current.CancellationToken);
        var report = await response.JsonAsync();

        Assert.Equal((1, 1), (report.GetProperty("added").GetInt32(), report.GetProperty("skipped").GetInt32()));
        Assert.Equal([2], report.GetProperty("skip_lines").GetProperty($"title longer than {SongLimits.MaxTitleLength} characters").EnumerateArray().Select(l => l.GetInt64()));
        var found = await _client.GetJsonAsync("/api/catalog?q=Flooder");
        Assert.Equal(1, found.GetProperty("total").GetInt32());
    }
}
