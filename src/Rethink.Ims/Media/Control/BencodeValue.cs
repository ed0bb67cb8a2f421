using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Rethink.Ims.Media.Control;

/// <summary>
/// One bencoded value: an integer, a byte string, a list or a dictionary. Immutable. Values read by
/// <see cref="BencodeReader"/> from a <see cref="ReadOnlyMemory{T}"/> share its bytes (nothing is copied), so
/// keep that buffer unchanged while the value is in use. Dictionaries keep their keys in the order they came
/// in (rtpengine and Kamailio do not sort them); <see cref="BencodeWriter"/> writes them sorted. Equality is
/// structural; two dictionaries are equal when they hold the same keys with equal values, in any order.
/// </summary>
public sealed class BencodeValue : IEquatable<BencodeValue>
{
    /// <summary>The deepest value the factory methods build; deeper values are a programming error.</summary>
    public const int MaxConstructedDepth = 256;

    private const int ShownStringLength = 64;

    private readonly long _integer;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly ImmutableArray<BencodeValue> _items;
    private readonly ImmutableArray<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>> _entries;

    private BencodeValue(
        BencodeKind kind,
        long integer,
        ReadOnlyMemory<byte> bytes,
        ImmutableArray<BencodeValue> items,
        ImmutableArray<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>> entries,
        int depth)
    {
        Kind = kind;
        _integer = integer;
        _bytes = bytes;
        _items = items;
        _entries = entries;
        Depth = depth;
    }

    /// <summary>Which kind of value this is.</summary>
    public BencodeKind Kind { get; }

    /// <summary>Nesting depth: 0 for integers and strings, 1 + the deepest child for lists and dictionaries.</summary>
    public int Depth { get; }

    /// <summary>The number, for <see cref="BencodeKind.Number"/>.</summary>
    /// <exception cref="InvalidOperationException">This is not an integer.</exception>
    public long Number => Kind == BencodeKind.Number ? _integer : throw WrongKind(BencodeKind.Number);

    /// <summary>The bytes, for <see cref="BencodeKind.ByteString"/>.</summary>
    /// <exception cref="InvalidOperationException">This is not a string.</exception>
    public ReadOnlyMemory<byte> Bytes => Kind == BencodeKind.ByteString ? _bytes : throw WrongKind(BencodeKind.ByteString);

    /// <summary>The items, for <see cref="BencodeKind.List"/>.</summary>
    /// <exception cref="InvalidOperationException">This is not a list.</exception>
    public ImmutableArray<BencodeValue> Items => Kind == BencodeKind.List ? _items : throw WrongKind(BencodeKind.List);

    /// <summary>The entries in the order they were read or given, for <see cref="BencodeKind.Dictionary"/>.</summary>
    /// <exception cref="InvalidOperationException">This is not a dictionary.</exception>
    public ImmutableArray<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>> Entries =>
        Kind == BencodeKind.Dictionary ? _entries : throw WrongKind(BencodeKind.Dictionary);

    /// <summary>Items of a list or entries of a dictionary; 0 for integers and strings.</summary>
    public int Count => Kind switch
    {
        BencodeKind.List => _items.Length,
        BencodeKind.Dictionary => _entries.Length,
        _ => 0,
    };

    /// <summary>An integer value.</summary>
    public static BencodeValue FromInteger(long value) => new(BencodeKind.Number, value, default, [], [], 0);

    /// <summary>A byte string holding <paramref name="text"/> as UTF-8.</summary>
    public static BencodeValue FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromBytes(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A byte string over <paramref name="bytes"/> (not copied: keep them unchanged).</summary>
    public static BencodeValue FromBytes(ReadOnlyMemory<byte> bytes) => new(BencodeKind.ByteString, 0, bytes, [], [], 0);

    /// <summary>A list of <paramref name="items"/>.</summary>
    /// <exception cref="ArgumentException">The list would nest deeper than <see cref="MaxConstructedDepth"/>.</exception>
    public static BencodeValue FromList(IEnumerable<BencodeValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToImmutableArray();
        var depth = 1;
        foreach (var item in array)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
            depth = Math.Max(depth, item.Depth + 1);
        }

        if (depth > MaxConstructedDepth)
        {
            throw new ArgumentException($"A bencoded value may nest at most {MaxConstructedDepth} deep.", nameof(items));
        }

        return new BencodeValue(BencodeKind.List, 0, default, array, [], depth);
    }

    /// <summary>A list of strings, each as UTF-8.</summary>
    public static BencodeValue FromStrings(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return FromList(items.Select(FromString));
    }

    /// <summary>A dictionary with text keys (UTF-8), in the given order.</summary>
    /// <exception cref="ArgumentException">A key appears twice, or the value would nest too deep.</exception>
    public static BencodeValue FromDictionary(IEnumerable<KeyValuePair<string, BencodeValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return FromDictionary(entries.Select(e => new KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>(Encoding.UTF8.GetBytes(e.Key), e.Value)));
    }

    /// <summary>A dictionary with byte-string keys, in the given order.</summary>
    /// <exception cref="ArgumentException">A key appears twice, or the value would nest too deep.</exception>
    public static BencodeValue FromDictionary(IEnumerable<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var array = entries.ToImmutableArray();
        var depth = 1;
        foreach (var entry in array)
        {
            ArgumentNullException.ThrowIfNull(entry.Value, nameof(entries));
            depth = Math.Max(depth, entry.Value.Depth + 1);
        }

        if (depth > MaxConstructedDepth)
        {
            throw new ArgumentException($"A bencoded value may nest at most {MaxConstructedDepth} deep.", nameof(entries));
        }

        if (HasDuplicateKey(array.AsSpan()))
        {
            throw new ArgumentException("A bencoded dictionary may not hold the same key twice.", nameof(entries));
        }

        return new BencodeValue(BencodeKind.Dictionary, 0, default, [], array, depth);
    }

    /// <summary>True when this is a string equal to <paramref name="text"/> in UTF-8, compared byte for byte.</summary>
    public bool IsString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Kind == BencodeKind.ByteString && Utf8Equals(_bytes.Span, text);
    }

    /// <summary>The string decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    /// <exception cref="InvalidOperationException">This is not a string.</exception>
    public string GetString() => Encoding.UTF8.GetString(Bytes.Span);

    /// <summary>Looks a key up in a dictionary (by bytes). False for other kinds.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, [NotNullWhen(true)] out BencodeValue? value)
    {
        if (Kind == BencodeKind.Dictionary)
        {
            foreach (var entry in _entries)
            {
                if (entry.Key.Span.SequenceEqual(key))
                {
                    value = entry.Value;
                    return true;
                }
            }
        }

        value = null;
        return false;
    }

    /// <summary>Looks a key up in a dictionary (the key's UTF-8 bytes). False for other kinds.</summary>
    public bool TryGetValue(string key, [NotNullWhen(true)] out BencodeValue? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Kind == BencodeKind.Dictionary)
        {
            foreach (var entry in _entries)
            {
                if (Utf8Equals(entry.Key.Span, key))
                {
                    value = entry.Value;
                    return true;
                }
            }
        }

        value = null;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(BencodeValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Kind != Kind)
        {
            return false;
        }

        switch (Kind)
        {
            case BencodeKind.Number:
                return _integer == other._integer;
            case BencodeKind.ByteString:
                return _bytes.Span.SequenceEqual(other._bytes.Span);
            case BencodeKind.List:
                if (_items.Length != other._items.Length)
                {
                    return false;
                }

                for (var i = 0; i < _items.Length; i++)
                {
                    if (!_items[i].Equals(other._items[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                if (_entries.Length != other._entries.Length)
                {
                    return false;
                }

                foreach (var entry in _entries)
                {
                    if (!other.TryGetValue(entry.Key.Span, out var theirs) || !entry.Value.Equals(theirs))
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BencodeValue);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        switch (Kind)
        {
            case BencodeKind.Number:
                return HashCode.Combine(Kind, _integer);
            case BencodeKind.ByteString:
                return BytesHash(_bytes.Span);
            case BencodeKind.List:
                var list = new HashCode();
                list.Add(Kind);
                foreach (var item in _items)
                {
                    list.Add(item.GetHashCode());
                }

                return list.ToHashCode();
            default:
                // Order-independent, as equality is.
                var sum = (int)Kind;
                foreach (var entry in _entries)
                {
                    sum = unchecked(sum + HashCode.Combine(BytesHash(entry.Key.Span), entry.Value.GetHashCode()));
                }

                return sum;
        }
    }

    /// <summary>
    /// A JSON-like rendering for diagnostics. Strings longer than 64 bytes are shown as their length only,
    /// so an SDP body (which may hold ICE passwords or SDES keys) never appears in full.
    /// </summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Append(builder);
        return builder.ToString();
    }

    internal static BencodeValue CreateList(BencodeValue[] items, int depth) =>
        new(BencodeKind.List, 0, default, ImmutableCollectionsMarshal.AsImmutableArray(items), [], depth);

    internal static BencodeValue CreateDictionary(KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>[] entries, int depth) =>
        new(BencodeKind.Dictionary, 0, default, [], ImmutableCollectionsMarshal.AsImmutableArray(entries), depth);

    /// <summary>True when two entries share a key: pairwise for small dictionaries, by sorting otherwise.</summary>
    internal static bool HasDuplicateKey(ReadOnlySpan<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>> entries)
    {
        if (entries.Length <= 16)
        {
            for (var i = 1; i < entries.Length; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (entries[i].Key.Span.SequenceEqual(entries[j].Key.Span))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        var keys = new ReadOnlyMemory<byte>[entries.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = entries[i].Key;
        }

        Array.Sort(keys, static (a, b) => a.Span.SequenceCompareTo(b.Span));
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i].Span.SequenceEqual(keys[i - 1].Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Compares UTF-8 bytes with a string without allocating for ASCII text.</summary>
    internal static bool Utf8Equals(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length == text.Length)
        {
            var ascii = true;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c >= 0x80)
                {
                    ascii = false;
                    break;
                }

                if (bytes[i] != c)
                {
                    return false;
                }
            }

            if (ascii)
            {
                return true;
            }
        }

        return Encoding.UTF8.GetByteCount(text) == bytes.Length && bytes.SequenceEqual(Encoding.UTF8.GetBytes(text));
    }

    private static int BytesHash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    private static void AppendString(StringBuilder builder, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ShownStringLength)
        {
            builder.Append('<').Append(bytes.Length.ToString(CultureInfo.InvariantCulture)).Append(" bytes>");
            return;
        }

        builder.Append('"');
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F && b != '"' && b != '\\')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        builder.Append('"');
    }

    private void Append(StringBuilder builder)
    {
        switch (Kind)
        {
            case BencodeKind.Number:
                builder.Append(_integer.ToString(CultureInfo.InvariantCulture));
                break;
            case BencodeKind.ByteString:
                AppendString(builder, _bytes.Span);
                break;
            case BencodeKind.List:
                builder.Append('[');
                for (var i = 0; i < _items.Length; i++)
                {
                    builder.Append(i == 0 ? "" : ", ");
                    _items[i].Append(builder);
                }

                builder.Append(']');
                break;
            default:
                builder.Append('{');
                for (var i = 0; i < _entries.Length; i++)
                {
                    builder.Append(i == 0 ? "" : ", ");
                    AppendString(builder, _entries[i].Key.Span);
                    builder.Append(": ");
                    _entries[i].Value.Append(builder);
                }

                builder.Append('}');
                break;
        }
    }

    private InvalidOperationException WrongKind(BencodeKind wanted) =>
        new($"This bencoded value is a {Kind}, not a {wanted}.");
}
