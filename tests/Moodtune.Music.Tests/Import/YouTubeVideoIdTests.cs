using Moodtune.Music.Import;

namespace Moodtune.Music.Tests.Import;

public class YouTubeVideoIdTests
{
    [Theory]
    [InlineData("dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    [InlineData("  dQw4w9WgXcQ ", "dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    [InlineData("http://www.youtube.com/watch?v=2XL5cZs-NuU", "2XL5cZs-NuU")]
    [InlineData("www.youtube.com/watch?v=2XL5cZs-NuU", "2XL5cZs-NuU")]
    [InlineData("youtube.com/watch?v=2XL5cZs-NuU", "2XL5cZs-NuU")]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=plcp", "dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/watch?&v=dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/watch?feature=player_embedded&v=dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL123&index=2&t=30s", "dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com?v=A1mle_75p5Y", "A1mle_75p5Y")]
    [InlineData("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    [InlineData("https://music.youtube.com/watch?v=L6H4IJeBBxg&si=abc", "L6H4IJeBBxg")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ?t=42", "dQw4w9WgXcQ")]
    [InlineData("youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1", "dQw4w9WgXcQ")]
    [InlineData("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/v/dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/live/dQw4w9WgXcQ?feature=share", "dQw4w9WgXcQ")]
    [InlineData("HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    public void TryParse_finds_the_id_in_every_common_form(string input, string expected)
    {
        Assert.True(YouTubeVideoId.TryParse(input, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("https://myswar.co/song_details/humlaa-1992-httpwwwyoutubecomwatchvoqcu6bp2bme-7")]
    [InlineData("dQw4w9WgXc")]
    [InlineData("dQw4w9WgXcQQ")]
    [InlineData("dQw4w9WgX!Q")]
    [InlineData("https://www.youtube.com/watch?v=short")]
    [InlineData("https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG")]
    [InlineData("https://www.youtube.com/watch?list=PL123")]
    [InlineData("https://www.youtube.com/@SomeChannel")]
    [InlineData("https://www.youtube.com/channel/UC38IQsAvIsxxjztdMZQtwHA")]
    [InlineData("https://vimeo.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://notyoutube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("ftp://youtube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://youtu.be/")]
    public void TryParse_rejects_what_is_not_a_video(string? input)
    {
        Assert.False(YouTubeVideoId.TryParse(input, out var id));
        Assert.Equal("", id);
    }
}
