using System.Buffers.Binary;

namespace Moodtune.Tests;

/// <summary>
/// A small seeded mutator for fuzz tests: each case stacks a few byte-level edits (bit flips, interesting values, chunk
/// insertions, deletions and duplications, truncation, splicing with another seed, format tokens) on one of the seeds.
/// The same seed and case number always give the same bytes, so a failure names what reproduces it.
/// </summary>
internal sealed class ByteMutator
{
    // Lengths and counts that parsers trip on: zero, sign bits, all ones, just past a byte/short/int.
    private static readonly uint[] InterestingValues = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];

    private readonly IReadOnlyList<byte[]> _seeds;
    private readonly IReadOnlyList<byte[]> _tokens;

    /// <param name="seeds">Real inputs to start from (at least one).</param>
    /// <param name="tokens">Pieces of the format worth inserting whole (a quote, a header field, a JPEG marker).</param>
    public ByteMutator(IReadOnlyList<byte[]> seeds, IReadOnlyList<byte[]>? tokens = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(seeds.Count);
        _seeds = seeds;
        _tokens = tokens ?? [];
    }

    /// <summary>Case <paramref name="caseNumber"/> of the run seeded <paramref name="seed"/>, and the seed input it came from.</summary>
    public (byte[] Bytes, int SeedIndex) Mutate(int seed, int caseNumber)
    {
        var random = new Random(HashCode.Combine(seed, caseNumber));
        var seedIndex = random.Next(_seeds.Count);
        var data = new List<byte>(_seeds[seedIndex]);
        var edits = 1 + random.Next(4);
        for (var i = 0; i < edits; i++)
        {
            Edit(random, data);
        }

        return ([.. data], seedIndex);
    }

    private void Edit(Random random, List<byte> data)
    {
        var at = random.Next(data.Count + 1);
        switch (random.Next(_tokens.Count > 0 ? 10 : 9))
        {
            case 0 when data.Count > 0:
                var flip = Math.Min(at, data.Count - 1);
                data[flip] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[Math.Min(at, data.Count - 1)] = (byte)InterestingValues[random.Next(InterestingValues.Length)];
                break;
            case 2 when data.Count >= 4:
                // A 16- or 32-bit length or dimension, big- or little-endian as the format may read it.
                Span<byte> word = stackalloc byte[4];
                var value = InterestingValues[random.Next(InterestingValues.Length)];
                if (random.Next(2) == 0)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(word, value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(word, value);
                }

                var width = random.Next(2) == 0 ? 2 : 4;
                var start = Math.Min(at, data.Count - width);
                for (var k = 0; k < width; k++)
                {
                    data[start + k] = word[4 - width + k];
                }

                break;
            case 3:
                // Now and then a run far past any record or chunk a reader would buffer whole (a field with no end).
                var inserted = new byte[random.Next(40) == 0 ? 256 * 1024 : 1 + random.Next(random.Next(2) == 0 ? 8 : 256)];
                if (random.Next(2) == 0)
                {
                    random.NextBytes(inserted);
                }
                else
                {
                    Array.Fill(inserted, random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF);
                }

                data.InsertRange(at, inserted);
                break;
            case 4 when data.Count > 0:
                var from = Math.Min(at, data.Count - 1);
                data.RemoveRange(from, Math.Min(data.Count - from, 1 + random.Next(random.Next(2) == 0 ? 16 : 1024)));
                break;
            case 5 when data.Count > 0:
                var chunkStart = random.Next(data.Count);
                var chunk = data.GetRange(chunkStart, Math.Min(data.Count - chunkStart, 1 + random.Next(512)));
                var copies = random.Next(8) == 0 ? 16 : 1;
                for (var k = 0; k < copies; k++)
                {
                    data.InsertRange(Math.Min(at, data.Count), chunk);
                }

                break;
            case 6:
                data.RemoveRange(at, data.Count - at);
                break;
            case 7:
                // The head of this input on the tail of another: valid structure with the wrong body.
                var other = _seeds[random.Next(_seeds.Count)];
                var tail = random.Next(other.Length + 1);
                data.RemoveRange(at, data.Count - at);
                data.AddRange(other.AsSpan(tail).ToArray());
                break;
            case 8:
                if (data.Count > 0 && random.Next(2) == 0)
                {
                    var swap = random.Next(data.Count);
                    (data[swap], data[Math.Min(at, data.Count - 1)]) = (data[Math.Min(at, data.Count - 1)], data[swap]);
                }
                else
                {
                    data.Insert(at, (byte)random.Next(256));
                }

                break;
            case 9:
                data.InsertRange(at, _tokens[random.Next(_tokens.Count)]);
                break;
            default:
                data.Add((byte)random.Next(256));
                break;
        }
    }
}
