using System.CommandLine;
using Moodtune.Web;

namespace Moodtune.Cli.Commands;

/// <summary>`moodtune serve`: the web page with the live camera and the player, and its API (docs/web-api.md).</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, e.g. http://0.0.0.0:8080 (several joined by ';').",
            DefaultValueFactory = _ => WebApp.DefaultUrls,
        };
        var data = DataFolder.Option();
        var mode = new Option<string?>("--mode")
        {
            Description = "single (one local listener, no sign-in) or accounts (sign-up and private histories). Default: Moodtune:Mode, else single on loopback and accounts on the network.",
        };
        mode.AcceptOnlyFromAmong("single", "accounts");

        var command = new Command("serve", "Serve the web app: camera, mood, playlist and history in the browser.") { urls, data, mode };
        command.SetAction(async (result, cancellationToken) =>
        {
            var folder = MoodtuneConfiguration.DataDirectory(DataFolder.Configuration(result.GetValue(data)));
            var listen = result.GetValue(urls)!;
            console.Error.WriteLine($"moodtune: serving {listen} (data: {folder}); Ctrl+C stops");

            // The page, appsettings.json and the models lie beside this program: that is the web app's content root.
            string[] args = ["--contentRoot", AppContext.BaseDirectory, "--urls", listen, "--data", folder, .. result.GetValue(mode) is { } m ? ["--Moodtune:Mode", m] : Array.Empty<string>()];
            try
            {
                return await WebApp.RunAsync(args, cancellationToken);
            }
            catch (Exception e) when (e is IOException or Microsoft.Extensions.Options.OptionsValidationException or Moodtune.Storage.StorageUnavailableException)
            {
                console.Problem("serve", e.Message);
                return 1;
            }
        });
        return command;
    }
}
