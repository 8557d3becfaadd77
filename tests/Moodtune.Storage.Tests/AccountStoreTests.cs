namespace Moodtune.Storage.Tests;

public sealed class AccountStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_account_administers_emails_are_unique_whatever_their_case()
    {
        await using var db = await TempDatabase.CreateAsync();

        var first = await db.Accounts.CreateAsync("Ann@Example.com", "hash-a", isAdmin: false, Ct);
        var second = await db.Accounts.CreateAsync("bob@example.com", "hash-b", isAdmin: false, Ct);
        var again = await db.Accounts.CreateAsync("ann@example.COM", "hash-c", isAdmin: false, Ct);

        Assert.True(first!.IsAdmin);
        Assert.False(second!.IsAdmin);
        Assert.Null(again);
        Assert.NotEqual(first.ListenerId, second.ListenerId);
        Assert.NotEqual(MoodtuneDatabase.LocalListener, first.ListenerId);
        Assert.Equal(first.ListenerId, (await db.Accounts.FindAsync("ANN@example.com", Ct))!.ListenerId);
    }

    [Fact]
    public async Task Failed_sign_ins_lock_the_account_and_a_good_one_forgets_them()
    {
        await using var db = await TempDatabase.CreateAsync();
        var account = (await db.Accounts.CreateAsync("c@example.com", "hash", isAdmin: false, Ct))!;

        for (var i = 0; i < 2; i++)
        {
            await db.Accounts.RecordFailedSignInAsync(account.ListenerId, lockAfter: 3, TimeSpan.FromMinutes(15), Ct);
        }

        Assert.Equal((2, (DateTimeOffset?)null), await StateAsync());
        await db.Accounts.RecordFailedSignInAsync(account.ListenerId, lockAfter: 3, TimeSpan.FromMinutes(15), Ct);
        Assert.Equal((0, TempDatabase.Start + TimeSpan.FromMinutes(15)), await StateAsync());

        await db.Accounts.RecordFailedSignInAsync(account.ListenerId, lockAfter: 3, TimeSpan.FromMinutes(15), Ct);
        await db.Accounts.RecordSignInAsync(account.ListenerId, "rehashed", Ct);
        Assert.Equal((0, (DateTimeOffset?)null), await StateAsync());
        Assert.Equal("rehashed", (await db.Accounts.GetAsync(account.ListenerId, Ct))!.PasswordHash);

        async Task<(int, DateTimeOffset?)> StateAsync() =>
            (await db.Accounts.GetAsync(account.ListenerId, Ct)) is { } a ? (a.FailedSignIns, a.LockedUntil) : throw new InvalidOperationException("gone");
    }

    [Fact]
    public async Task A_new_password_changes_the_stamp_and_deleting_erases_everything_the_listener_owns()
    {
        var song = TempDatabase.Song("Artist", "Song");
        await using var db = await TempDatabase.CreateAsync(song);
        var account = (await db.Accounts.CreateAsync("d@example.com", "hash", isAdmin: false, Ct))!;
        await db.Readings.AddAsync(account.ListenerId, MoodReading.Picked(Mood.Emotion.Sad, ReadingSource.Picker, TempDatabase.Start), Ct);
        await db.Readings.AddAsync(MoodtuneDatabase.LocalListener, MoodReading.Picked(Mood.Emotion.Happy, ReadingSource.Picker, TempDatabase.Start), Ct);
        await db.Feedback.SetAsync(account.ListenerId, song.Id, SongFeedback.Like, Ct);

        var stamp = await db.Accounts.SetPasswordAsync(account.ListenerId, "new hash", Ct);
        Assert.NotEqual(account.Stamp, stamp);
        Assert.Equal((stamp, "new hash"), ((await db.Accounts.GetAsync(account.ListenerId, Ct))!.Stamp, (await db.Accounts.GetAsync(account.ListenerId, Ct))!.PasswordHash));

        Assert.True(await db.Accounts.DeleteAsync(account.ListenerId, Ct) >= 4);
        Assert.Null(await db.Accounts.GetAsync(account.ListenerId, Ct));
        Assert.False(await db.Listeners.ExistsAsync(account.ListenerId, Ct));
        Assert.Empty(await db.Readings.ListAsync(account.ListenerId, cancellationToken: Ct));
        Assert.Empty(await db.Feedback.ListAsync(account.ListenerId, Ct));
        Assert.Single(await db.Readings.ListAsync(MoodtuneDatabase.LocalListener, cancellationToken: Ct));
    }
}
