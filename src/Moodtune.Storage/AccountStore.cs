using System.Security.Cryptography;
using Dapper;

namespace Moodtune.Storage;

/// <summary>A signed-up listener: who signs in, whether they administer the instance, and their sign-in record.</summary>
public sealed record Account(long ListenerId, string Email, string PasswordHash, bool IsAdmin, string Stamp, int FailedSignIns, DateTimeOffset? LockedUntil);

/// <summary>
/// Accounts of accounts mode. Hashing is the caller's (ASP.NET Core Identity's PasswordHasher in the web app): this store
/// keeps the hash, the lockout record and the stamp, and erases an account with everything it owns.
/// </summary>
public sealed class AccountStore(MoodtuneDatabase database, TimeProvider time)
{
    /// <summary>Creates the listener and its account; the very first account administers the instance.</summary>
    /// <returns>The account, or null when the email is taken.</returns>
    public Task<Account?> CreateAsync(string email, string passwordHash, bool isAdmin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        var now = StorageTime.ToText(time.GetUtcNow());
        return database.InTransactionAsync<Account?>(
            async (c, t) =>
            {
                // SQLite's transaction excludes other writers from its start; on PostgreSQL two sign-ups at once (on two
                // nodes) would both find the email free and no account yet, and both be the first administrator.
                if (database.IsPostgres)
                {
                    await c.ExecuteAsync(new CommandDefinition("LOCK TABLE accounts IN EXCLUSIVE MODE;", transaction: t, cancellationToken: cancellationToken));
                }

                if (await c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM accounts WHERE lower(email) = lower(@email));", new { email }, t, cancellationToken: cancellationToken)))
                {
                    return null;
                }

                var first = !await c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM accounts);", transaction: t, cancellationToken: cancellationToken));
                var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "INSERT INTO listeners (name, created) VALUES (@email, @now) RETURNING id;", new { email, now }, t, cancellationToken: cancellationToken));
                var stamp = NewStamp();
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO accounts (listener_id, email, password_hash, is_admin, stamp, created)
                    VALUES (@id, @email, @passwordHash, @admin, @stamp, @now);
                    """,
                    new { id, email, passwordHash, admin = isAdmin || first, stamp, now },
                    t,
                    cancellationToken: cancellationToken));
                return new Account(id, email, passwordHash, isAdmin || first, stamp, 0, null);
            },
            cancellationToken);
    }

    /// <summary>The account of an email, whatever its case (ASCII letters only, as SQLite's NOCASE).</summary>
    public Task<Account?> FindAsync(string email, CancellationToken cancellationToken = default) =>
        QueryOneAsync("lower(email) = lower(@key)", email, cancellationToken);

    public Task<Account?> GetAsync(long listenerId, CancellationToken cancellationToken = default) =>
        QueryOneAsync("listener_id = @key", listenerId, cancellationToken);

    /// <summary>Counts a failed sign-in; the <paramref name="lockAfter"/>th in a row locks the account for <paramref name="lockFor"/>.</summary>
    public Task RecordFailedSignInAsync(long listenerId, int lockAfter, TimeSpan lockFor, CancellationToken cancellationToken = default)
    {
        var until = StorageTime.ToText(time.GetUtcNow() + lockFor);
        return database.RunAsync(
            c => c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE accounts SET failed_sign_ins = failed_sign_ins + 1,
                    locked_until = CASE WHEN failed_sign_ins + 1 >= @lockAfter THEN @until ELSE locked_until END
                WHERE listener_id = @listenerId;
                UPDATE accounts SET failed_sign_ins = 0 WHERE listener_id = @listenerId AND failed_sign_ins >= @lockAfter;
                """,
                new { listenerId, lockAfter, until },
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    /// <summary>A good sign-in: the failures are forgotten (and a rehashed password stored, when the hasher asked for it).</summary>
    public Task RecordSignInAsync(long listenerId, string? rehashed = null, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            c => c.ExecuteAsync(new CommandDefinition(
                "UPDATE accounts SET failed_sign_ins = 0, locked_until = NULL, password_hash = COALESCE(@rehashed, password_hash) WHERE listener_id = @listenerId;",
                new { listenerId, rehashed },
                cancellationToken: cancellationToken)),
            cancellationToken);

    /// <summary>Stores a new password hash and a new stamp, so that every earlier sign-in ends.</summary>
    /// <returns>The new stamp.</returns>
    public async Task<string> SetPasswordAsync(long listenerId, string passwordHash, CancellationToken cancellationToken = default)
    {
        var stamp = NewStamp();
        await database.RunAsync(
            c => c.ExecuteAsync(new CommandDefinition(
                "UPDATE accounts SET password_hash = @passwordHash, stamp = @stamp WHERE listener_id = @listenerId;",
                new { listenerId, passwordHash, stamp },
                cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return stamp;
    }

    /// <summary>Erases the account and everything its listener owns (readings, plays, feedback), in one transaction.</summary>
    /// <returns>How many rows went.</returns>
    public Task<int> DeleteAsync(long listenerId, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                $"""
                {ListenerStore.DeleteHistorySql}
                DELETE FROM accounts WHERE listener_id = @Listener;
                DELETE FROM listeners WHERE id = @Listener;
                """,
                new { Listener = listenerId },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private Task<Account?> QueryOneAsync(string where, object key, CancellationToken cancellationToken) =>
        database.RunAsync(
            async c =>
            {
                var row = await c.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
                    $"""
                    SELECT listener_id AS ListenerId, email, password_hash AS PasswordHash, is_admin AS IsAdmin, stamp,
                           failed_sign_ins AS FailedSignIns, locked_until AS LockedUntil
                    FROM accounts WHERE {where};
                    """,
                    new { key },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return row?.ToAccount();
            },
            cancellationToken);

    private sealed class AccountRow
    {
        public long ListenerId { get; set; }

        public string Email { get; set; } = "";

        public string PasswordHash { get; set; } = "";

        public bool IsAdmin { get; set; }

        public string Stamp { get; set; } = "";

        public long FailedSignIns { get; set; }

        public string? LockedUntil { get; set; }

        public Account ToAccount() => new(ListenerId, Email, PasswordHash, IsAdmin, Stamp, (int)FailedSignIns, LockedUntil is { } t ? StorageTime.Parse(t) : null);
    }
}
