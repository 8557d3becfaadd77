using System.Net;

namespace Moodtune.Web.Tests;

/// <summary>
/// Mutated uploads through POST /api/analyze, as raw bodies and as forms: every one is answered with an analysis or a
/// problem (400 bad image, 413 too large, 422 too many pixels), never a 500. The engine's own fuzzer covers more cases;
/// these prove the web app maps whatever the engine refuses.
/// </summary>
public sealed class AnalyzeFuzzTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    private const int Seed = 20261204;
    private const int Cases = 300;
    private static readonly HashSet<HttpStatusCode> Answers = [HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnprocessableEntity];
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public void Mutated_uploads_are_answered_with_an_analysis_or_a_problem_never_a_server_error()
    {
        var mutator = new ByteMutator(FuzzImages.Seeds(), FuzzImages.Tokens);

        var summary = FuzzRun.Run(mutator, Seed, Cases, TimeSpan.FromSeconds(20), Post, _ => null);

        TestContext.Current.TestOutputHelper?.WriteLine(summary.ToString());
        Assert.True(summary.Failures.Count == 0, string.Join("\n\n", summary.Failures));
        Assert.True(summary.Outcomes.GetValueOrDefault("200") > 0 && summary.Outcomes.GetValueOrDefault("400") > 0, summary.ToString());
    }

    private string Post(FuzzInput mutant) => PostAsync(mutant).GetAwaiter().GetResult();

    private async Task<string> PostAsync(FuzzInput mutant)
    {
        var bytes = BadImages.WithPngCrcsFixed(mutant.Bytes);
        using HttpContent content = mutant.Number % 2 == 0 ? Http.Image(bytes, "image/jpeg") : Http.Form("image", bytes, "upload.jpg", "image/jpeg");
        using var response = await _client.PostAsync(new Uri("/api/analyze?record=false", UriKind.Relative), content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(Answers.Contains(response.StatusCode), $"{(int)response.StatusCode}: {body}");
        Assert.True(
            response.StatusCode == HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{(int)response.StatusCode} without problem details: {body}");
        return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
