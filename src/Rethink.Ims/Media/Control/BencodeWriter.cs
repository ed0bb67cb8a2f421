using System.Buffers;
using System.Globalization;

namespace Rethink.Ims.Media.Control;

/// <summary>
/// Writes bencoded values (BEP 3) in canonical form: integers in shortest decimal, dictionary keys sorted
/// as raw bytes. So equal values always give the same bytes, whatever order their keys were added in.
/// </summary>
public static class BencodeWriter
{
    /// <summary>How many bytes <see cref="Write(BencodeValue, Span{byte})"/> writes for <paramref name="value"/>.</summary>
    public static int GetByteCount(BencodeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case BencodeKind.Number:
                return 2 + DigitCount(value.Number);
            case BencodeKind.ByteString:
                return StringByteCount(value.Bytes.Length);
            case BencodeKind.List:
                var list = 2;
                foreach (var item in value.Items)
                {
                    list = checked(list + GetByteCount(item));
                }

                return list;
            default:
                var dictionary = 2;
                foreach (var entry in value.Entries)
                {
                    dictionary = checked(dictionary + StringByteCount(entry.Key.Length) + GetByteCount(entry.Value));
                }

                return dictionary;
        }
    }

    /// <summary>The encoding of <paramref name="value"/> in a new array.</summary>
    public static byte[] ToArray(BencodeValue value)
    {
        var bytes = new byte[GetByteCount(value)];
        Write(value, bytes);
        return bytes;
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="output"/>.</summary>
    public static void Write(BencodeValue value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var count = GetByteCount(value);
        var written = Write(value, output.GetSpan(count));
        output.Advance(written);
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/> and returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetByteCount"/>.</exception>
    public static int Write(BencodeValue value, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (destination.Length < GetByteCount(value))
        {
            throw new ArgumentException("The destination is too short for the encoded value.", nameof(destination));
        }

        return WriteUnchecked(value, destination);
    }

    private static int WriteUnchecked(BencodeValue value, Span<byte> destination)
    {
        switch (value.Kind)
        {
            case BencodeKind.Number:
                destination[0] = (byte)'i';
                value.Number.TryFormat(destination[1..], out var digits, default, CultureInfo.InvariantCulture);
                destination[1 + digits] = (byte)'e';
                return digits + 2;
            case BencodeKind.ByteString:
                return WriteString(value.Bytes.Span, destination);
            case BencodeKind.List:
                destination[0] = (byte)'l';
                var position = 1;
                foreach (var item in value.Items)
                {
                    position += WriteUnchecked(item, destination[position..]);
                }

                destination[position] = (byte)'e';
                return position + 1;
            default:
                var entries = value.Entries;
                var order = new int[entries.Length];
                for (var i = 0; i < order.Length; i++)
                {
                    order[i] = i;
                }

                Array.Sort(order, (a, b) => entries[a].Key.Span.SequenceCompareTo(entries[b].Key.Span));
                destination[0] = (byte)'d';
                position = 1;
                foreach (var index in order)
                {
                    position += WriteString(entries[index].Key.Span, destination[position..]);
                    position += WriteUnchecked(entries[index].Value, destination[position..]);
                }

                destination[position] = (byte)'e';
                return position + 1;
        }
    }

    private static int WriteString(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        bytes.Length.TryFormat(destination, out var digits, default, CultureInfo.InvariantCulture);
        destination[digits] = (byte)':';
        bytes.CopyTo(destination[(digits + 1)..]);
        return digits + 1 + bytes.Length;
    }

    private static int StringByteCount(int length) => DigitCount(length) + 1 + length;

    private static int DigitCount(long number)
    {
        if (number == long.MinValue)
        {
            return 20;
        }

        var count = number < 0 ? 2 : 1;
        var magnitude = Math.Abs(number);
        while (magnitude >= 10)
        {
            magnitude /= 10;
            count++;
        }

        return count;
    }
}
