using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Moodtune.Mood;

namespace Moodtune.Web;

/// <summary>
/// The mood a camera stream planned a playlist for, handed to the page as the playlist message's opaque "camera" value:
/// the listener and the mood, signed and encrypted with the data-protection keys the nodes share. The page's
/// /api/recommendations?camera=VALUE may land on any node, not only the one holding the camera's socket, and no node
/// keeps or cleans up anything per stream. The value names its listener, so it serves nobody else.
/// </summary>
internal sealed class CameraPlans(IDataProtectionProvider protection)
{
    /// <summary>How long a plan serves after it was made: the page asks for its playlist at once and for more songs later.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Moodtune.CameraPlan.v1").ToTimeLimitedDataProtector();

    public string Issue(long listener, MoodEstimate mood) => _protector.Protect(
        string.Join('|', listener.ToString(CultureInfo.InvariantCulture), (int)mood.Dominant, Text(mood.Point.Valence), Text(mood.Point.Arousal), Text(mood.Confidence)),
        DateTimeOffset.UtcNow + Lifetime);

    /// <summary>The planned mood, when the value is one this app issued to <paramref name="listener"/> and it has not expired.</summary>
    public bool TryRead(string value, long listener, out MoodEstimate mood)
    {
        mood = default;
        string plain;
        try
        {
            plain = _protector.Unprotect(value, out _);
        }
        catch (CryptographicException)
        {
            return false; // not ours, tampered with, from keys long gone, or expired
        }

        var parts = plain.Split('|');
        if (parts.Length != 5 || parts[0] != listener.ToString(CultureInfo.InvariantCulture)
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var dominant) || !Enum.IsDefined((Emotion)dominant))
        {
            return false;
        }

        mood = new MoodEstimate(new MoodPoint(Number(parts[2]), Number(parts[3])), Number(parts[4]), (Emotion)dominant);
        return true;
    }

    private static string Text(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static float Number(string text) => float.Parse(text, CultureInfo.InvariantCulture);
}
