using Moodtune.Music.Catalog;

namespace Moodtune.Music.Tests.Catalog;

public class ArtistCreditTests
{
    [Theory]
    [InlineData("Kishore Kumar, Manna Dey", "Kishore Kumar|Manna Dey")]
    [InlineData("Udit Narayan, Alka Yagnik, Sukhwinder Singh", "Udit Narayan|Alka Yagnik|Sukhwinder Singh")]
    [InlineData("Sunidhi Chauhan, Vishal Dadlani & Shekhar", "Sunidhi Chauhan|Vishal Dadlani|Shekhar")]
    [InlineData("Coolio, L.V.", "Coolio|L.V.")]
    [InlineData("Eminem feat. Rihanna", "Eminem|Rihanna")]
    [InlineData("Eminem (feat. Rihanna)", "Eminem|Rihanna")]
    [InlineData("Calvin Harris ft. Dua Lipa", "Calvin Harris|Dua Lipa")]
    [InlineData("Santana featuring Rob Thomas", "Santana|Rob Thomas")]
    [InlineData("Marshmello x Bastille", "Marshmello|Bastille")]
    [InlineData("Marvin Gaye & Tammi Terrell", "Marvin Gaye|Tammi Terrell")]
    [InlineData("Rob Base and DJ E-Z Rock", "Rob Base|DJ E-Z Rock")]
    public void Credits_of_several_people_split(string credit, string expected) =>
        Assert.Equal(expected.Split('|'), ArtistCredit.Split(credit));

    [Theory]
    [InlineData("Simon & Garfunkel")]
    [InlineData("Iron & Wine")]
    [InlineData("Seals and Crofts")]
    [InlineData("Earth, Wind & Fire")]
    [InlineData("Crosby, Stills, Nash & Young")]
    [InlineData("Peter, Paul and Mary")]
    [InlineData("Tyler, The Creator")]
    [InlineData("Lil Nas X")]
    [InlineData("X Ambassadors")]
    [InlineData("AC/DC")]
    public void Band_names_stay_whole(string credit) => Assert.Equal([credit], ArtistCredit.Split(credit));

    [Fact]
    public void A_leader_with_a_backing_band_is_both_the_band_and_the_leader()
    {
        Assert.Equal(["Bob Marley & The Wailers", "Bob Marley"], ArtistCredit.Split("Bob Marley & The Wailers"));
        Assert.True(ArtistCredit.Overlap("Bob Marley", "Bob Marley & The Wailers"));
    }

    [Fact]
    public void Overlap_compares_people_case_insensitively()
    {
        Assert.True(ArtistCredit.Overlap("Kishore Kumar", "kishore kumar, Manna Dey"));
        Assert.False(ArtistCredit.Overlap("Kishore Kumar", "Kumar Sanu, Alka Yagnik"));
        Assert.False(ArtistCredit.Overlap("Simon & Garfunkel", "Paul Simon"));
    }
}
