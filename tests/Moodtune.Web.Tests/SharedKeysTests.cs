using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Moodtune.Web.Tests;

/// <summary>The keys that protect sign-in cookies live in the database: every node on it accepts every node's cookies.</summary>
public sealed class SharedKeysTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_sign_in_cookie_issued_by_one_node_is_accepted_by_another_on_the_same_database()
    {
        var database = Directory.CreateTempSubdirectory("moodtune-nodes-").FullName;
        var a = new AccountsNode(database, "a");
        var b = new AccountsNode(database, "b");
        try
        {
            var email = $"ann-{Guid.NewGuid():N}@example.com";
            var fromA = await CookieAsync(a, "/api/account/register", email);
            Assert.Equal(email, await SignedInAsAsync(b, fromA));

            var fromB = await CookieAsync(b, "/api/account/login", email);
            Assert.Equal(email, await SignedInAsAsync(a, fromB));

            // Not because the nodes happen to share a key folder: there is none.
            Assert.False(Directory.Exists(Path.Combine(a.DataDirectory, "keys")));
            Assert.False(Directory.Exists(Path.Combine(b.DataDirectory, "keys")));
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
            TestStorage.Drop(database);
            SqliteConnection.ClearAllPools();
            Directory.Delete(database, recursive: true);
        }
    }

    [Fact]
    public async Task Keys_an_earlier_version_kept_in_the_data_folder_still_unprotect_what_they_protected()
    {
        var data = Directory.CreateTempSubdirectory("moodtune-old-keys-").FullName;
        var old = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(data, "keys")), o => o.SetApplicationName("Moodtune"));
        var protectedEarlier = old.CreateProtector("a cookie").Protect("the listener");
        var node = new AccountsNode(data, null);
        try
        {
            var now = node.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("a cookie");

            Assert.Equal("the listener", now.Unprotect(protectedEarlier));
        }
        finally
        {
            await node.DisposeAsync();
            TestStorage.Drop(data);
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string> CookieAsync(AccountsNode node, string path, string email)
    {
        using var response = await node.CreateClient().PostJsonAsync(path, new { email, password = Password });
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("moodtune=", StringComparison.Ordinal));
        return cookie.Split(';')[0];
    }

    private static async Task<string?> SignedInAsAsync(AccountsNode node, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/account", UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        using var response = await node.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(request, TestContext.Current.CancellationToken);
        var account = await response.JsonAsync();
        return account.GetProperty("signed_in").GetBoolean() ? account.GetProperty("email").GetString() : null;
    }

    /// <summary>
    /// A node in accounts mode on the database of <paramref name="database"/> (<see cref="TestStorage"/>): with SQLite that
    /// folder's file, so the folder itself; with PostgreSQL, a data folder of its own named <paramref name="name"/> inside it.
    /// </summary>
    private sealed class AccountsNode(string database, string? name) : WebApplicationFactory<Program>
    {
        public string DataDirectory { get; } = TestStorage.IsPostgres && name is not null ? Directory.CreateDirectory(Path.Combine(database, name)).FullName : database;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Moodtune:DataDirectory", DataDirectory);
            foreach (var (setting, value) in TestStorage.AppSettings(database))
            {
                builder.UseSetting(setting, value);
            }

            builder.UseSetting("Moodtune:Mode", "accounts");
            builder.UseSetting("Vision:EmotionModel", "minixception");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
