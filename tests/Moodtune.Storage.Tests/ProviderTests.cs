using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using Dapper;

namespace Moodtune.Storage.Tests;

/// <summary>What both providers must do alike: migrate once when nodes start together, and tell a database that is away from a mistake.</summary>
public sealed class ProviderTests
{
    [Fact]
    public async Task Nodes_starting_together_each_migrate_to_the_latest_version_and_every_migration_is_applied_once()
    {
        var folder = Directory.CreateTempSubdirectory("moodtune-storage-nodes-").FullName;
        var options = TestStorage.Options(folder);
        MoodtuneDatabase[] nodes = [.. Enumerable.Range(0, 4).Select(_ => new MoodtuneDatabase(options))];
        try
        {
            var versions = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.MigrateAsync(TestContext.Current.CancellationToken))));

            Assert.All(versions, v => Assert.Equal(MoodtuneDatabase.LatestVersion, v));
            var applied = await nodes[0].RunAsync(c => c.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version;"), TestContext.Current.CancellationToken);
            Assert.Equal(nodes[0].Migrations.Select(m => m.Version), applied);
            Assert.True(await new ListenerStore(nodes[1]).ExistsAsync(MoodtuneDatabase.LocalListener, TestContext.Current.CancellationToken));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            TestStorage.Drop(folder);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Sign_ups_at_once_on_two_nodes_make_one_account_per_email_and_one_first_administrator()
    {
        await using var db = await TempDatabase.CreateAsync();
        await using var other = new MoodtuneDatabase(db.Options);
        await other.MigrateAsync(TestContext.Current.CancellationToken);
        AccountStore[] nodes = [db.Accounts, new AccountStore(other, db.Time)];

        var created = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(
            () => nodes[i % 2].CreateAsync(i < 6 ? "same@example.com" : $"listener{i}@example.com", "hash", isAdmin: false, TestContext.Current.CancellationToken))));

        Assert.Single(created.Take(6), a => a is not null);
        Assert.All(created.Skip(6), a => Assert.NotNull(a));
        Assert.Single(created, a => a is { IsAdmin: true });
    }

    [Fact]
    public async Task A_postgres_server_that_refuses_connections_is_a_storage_unavailable_exception_named_without_its_password()
    {
        var port = ClosedPort();
        var database = new MoodtuneDatabase(new DatabaseOptions
        {
            Provider = StorageProvider.Postgres,
            ConnectionString = $"Host=127.0.0.1;Port={port};Database=moodtune;Username=moodtune;Password=secret-word;Timeout=3",
        });
        await using (database)
        {
            var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => database.MigrateAsync(TestContext.Current.CancellationToken));

            Assert.Equal($"postgres://127.0.0.1:{port}/moodtune", database.Path);
            Assert.Contains(database.Path, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-word", error.Message, StringComparison.Ordinal);
            Assert.IsAssignableFrom<DbException>(error.InnerException);
        }
    }

    [Fact]
    public async Task Mistakes_in_sql_and_broken_constraints_stay_what_they_are_not_storage_unavailable()
    {
        await using var db = await TempDatabase.CreateAsync();

        var syntax = await Assert.ThrowsAnyAsync<DbException>(
            () => db.Database.RunAsync(c => c.ExecuteAsync("SELEC 1;"), TestContext.Current.CancellationToken));
        var constraint = await Assert.ThrowsAnyAsync<DbException>(
            () => db.Database.RunAsync(c => c.ExecuteAsync("INSERT INTO settings (name, value, updated) VALUES ('x', NULL, 'now');"), TestContext.Current.CancellationToken));

        Assert.NotNull(syntax);
        Assert.NotNull(constraint);
        Assert.True(await db.Database.IsAvailableAsync(TestContext.Current.CancellationToken));
    }

    // Bound and released at once: nothing listens there for the moment the test needs.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
