using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>Who is asking. Until accounts exist every request is the local listener's.</summary>
internal static class Listener
{
    public static long Current => MoodtuneDatabase.LocalListener;
}
