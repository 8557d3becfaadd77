using System.Text;
using System.Text.Unicode;

namespace Moodtune.Music.Import;

/// <summary>
/// Repairs text that was UTF-8, read as Windows-1252 and saved as UTF-8 again, once or twice
/// (<c>JosÃƒÂ©</c> → <c>José</c>), as MoodyLyrics4Q's accented names were.
/// </summary>
public static class Mojibake
{
    private static readonly Dictionary<char, byte> Cp1252HighBytes = BuildCp1252Map();

    /// <summary>
    /// Undoes the mis-decoding as long as it round-trips: every character maps back to one Windows-1252 byte and the bytes
    /// form valid UTF-8. Text that is already correct (Beyoncé, 鼓動) fails that test and comes back unchanged.
    /// </summary>
    public static string Repair(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var current = text;
        for (var round = 0; round < 3 && MayBeMisdecoded(current); round++)
        {
            if (!TryUndo(current, out var undone))
            {
                break;
            }

            current = undone;
        }

        return current;
    }

    // A UTF-8 lead byte read as Windows-1252 or Latin-1 shows as one of Â..ô.
    private static bool MayBeMisdecoded(string text) => text.AsSpan().IndexOfAnyInRange('\u00C2', '\u00F4') >= 0;

    private static bool TryUndo(string text, out string undone)
    {
        undone = text;
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x100)
            {
                bytes[i] = (byte)c;
            }
            else if (Cp1252HighBytes.TryGetValue(c, out var b))
            {
                bytes[i] = b;
            }
            else
            {
                return false;
            }
        }

        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        undone = Encoding.UTF8.GetString(bytes);
        return undone != text;
    }

    private static Dictionary<char, byte> BuildCp1252Map()
    {
        var map = new Dictionary<char, byte>();
        for (var b = 0x80; b <= 0x9F; b++)
        {
            var c = TextEncodings.Windows1252.GetString([(byte)b])[0];
            if (c >= 0x100)
            {
                map[c] = (byte)b;
            }
        }

        return map;
    }
}
