using System.Globalization;
using System.Security.Claims;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// Who is asking. In single mode every request is the one local listener's; in accounts mode the signed-in account's
/// listener, and endpoints of listener data require the <see cref="ListenerPolicy"/> so an anonymous request never
/// gets this far.
/// </summary>
internal static class Listener
{
    /// <summary>Signed in (accounts mode), or anyone (single mode).</summary>
    public const string ListenerPolicy = "listener";

    /// <summary>An administrator (accounts mode: the first account and Moodtune:Administrators), or anyone (single mode).</summary>
    public const string AdministratorPolicy = "administrator";

    public const string AdministratorRole = "administrator";

    /// <summary>The claim holding the account's stamp: a password change ends sign-ins made before it.</summary>
    public const string StampClaim = "moodtune:stamp";

    public static long Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? long.Parse(id, CultureInfo.InvariantCulture) : MoodtuneDatabase.LocalListener;
    }
}
