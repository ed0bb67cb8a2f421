namespace Rethink.Ims.Media.Control;

/// <summary>
/// Reads one bencoded value (BEP 3) that fills the whole input. Strict where BEP 3 is (no leading zeros,
/// no <c>-0</c>, string keys, every length bounded by <see cref="BencodeReaderOptions"/> before anything is
/// allocated) and lenient where ng peers are: dictionary keys may come in any order, but not twice.
/// Refusals are values (<see cref="BencodeReadError"/>); no input makes it throw.
/// </summary>
public static class BencodeReader
{
    /// <summary>
    /// Reads <paramref name="input"/>. The strings of the result are slices of <paramref name="input"/>, not
    /// copies: keep the buffer unchanged while the value is in use, or use the span overload.
    /// </summary>
    public static bool TryRead(
        ReadOnlyMemory<byte> input,
        out BencodeValue? value,
        out BencodeReadError error,
        BencodeReaderOptions? options = null)
    {
        options ??= BencodeReaderOptions.Default;
        value = null;
        if (input.Length > options.MaxInputLength)
        {
            error = new BencodeReadError(BencodeErrorKind.InputTooLarge, 0);
            return false;
        }

        var reader = new State(input, options);
        if (!reader.ReadValue(0, out var read))
        {
            error = reader.Error;
            return false;
        }

        if (reader.Position != input.Length)
        {
            error = new BencodeReadError(BencodeErrorKind.TrailingData, reader.Position);
            return false;
        }

        value = read;
        error = BencodeReadError.None;
        return true;
    }

    /// <summary>Reads <paramref name="input"/> after copying it once, so the result owns its bytes.</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> input,
        out BencodeValue? value,
        out BencodeReadError error,
        BencodeReaderOptions? options = null)
    {
        options ??= BencodeReaderOptions.Default;
        if (input.Length > options.MaxInputLength)
        {
            value = null;
            error = new BencodeReadError(BencodeErrorKind.InputTooLarge, 0);
            return false;
        }

        return TryRead(new ReadOnlyMemory<byte>(input.ToArray()), out value, out error, options);
    }

    private struct State(ReadOnlyMemory<byte> input, BencodeReaderOptions options)
    {
        private readonly ReadOnlyMemory<byte> _input = input;
        private readonly BencodeReaderOptions _options = options;
        private int _items;

        public int Position { get; private set; }

        public BencodeReadError Error { get; private set; }

        /// <summary>Reads the value at <see cref="Position"/>; <paramref name="depth"/> is the number of enclosing containers.</summary>
        public bool ReadValue(int depth, out BencodeValue? value)
        {
            value = null;
            var span = _input.Span;
            if (Position >= span.Length)
            {
                return Fail(BencodeErrorKind.Truncated);
            }

            if (++_items > _options.MaxItems)
            {
                return Fail(BencodeErrorKind.TooManyItems);
            }

            var lead = span[Position];
            switch (lead)
            {
                case (byte)'i':
                    return ReadInteger(out value);
                case >= (byte)'0' and <= (byte)'9':
                    return ReadString(out value);
                case (byte)'l':
                    return depth + 1 > _options.MaxDepth ? Fail(BencodeErrorKind.TooDeep) : ReadList(depth + 1, out value);
                case (byte)'d':
                    return depth + 1 > _options.MaxDepth ? Fail(BencodeErrorKind.TooDeep) : ReadDictionary(depth + 1, out value);
                default:
                    return Fail(BencodeErrorKind.UnexpectedByte);
            }
        }

        private bool ReadInteger(out BencodeValue? value)
        {
            value = null;
            var span = _input.Span;
            var start = Position++;
            var negative = Position < span.Length && span[Position] == '-';
            if (negative)
            {
                Position++;
            }

            var digitsStart = Position;

            // Accumulate negatively so that long.MinValue fits.
            long accumulated = 0;
            while (Position < span.Length && span[Position] is >= (byte)'0' and <= (byte)'9')
            {
                var digit = span[Position] - '0';
                if (accumulated < (long.MinValue + digit) / 10)
                {
                    return Fail(BencodeErrorKind.IntegerOverflow);
                }

                accumulated = (accumulated * 10) - digit;
                Position++;
            }

            if (Position >= span.Length)
            {
                return Fail(BencodeErrorKind.Truncated);
            }

            var digits = Position - digitsStart;
            if (span[Position] != 'e' || digits == 0)
            {
                return FailAt(BencodeErrorKind.InvalidInteger, start);
            }

            if ((digits > 1 && span[digitsStart] == '0') || (negative && accumulated == 0))
            {
                return FailAt(BencodeErrorKind.InvalidInteger, start);
            }

            if (!negative && accumulated == long.MinValue)
            {
                return FailAt(BencodeErrorKind.IntegerOverflow, start);
            }

            Position++;
            value = BencodeValue.FromInteger(negative ? accumulated : -accumulated);
            return true;
        }

        private bool ReadString(out BencodeValue? value)
        {
            value = null;
            if (!ReadStringBytes(out var bytes))
            {
                return false;
            }

            value = BencodeValue.FromBytes(bytes);
            return true;
        }

        private bool ReadStringBytes(out ReadOnlyMemory<byte> bytes)
        {
            bytes = default;
            var span = _input.Span;
            var start = Position;
            var length = 0;
            while (Position < span.Length && span[Position] is >= (byte)'0' and <= (byte)'9')
            {
                var digit = span[Position] - '0';
                var next = ((long)length * 10) + digit;
                if (next > _options.MaxStringLength)
                {
                    return FailAt(BencodeErrorKind.StringTooLong, start);
                }

                length = (int)next;

                Position++;
            }

            if (Position >= span.Length)
            {
                return Fail(BencodeErrorKind.Truncated);
            }

            if (span[Position] != ':')
            {
                return Fail(BencodeErrorKind.InvalidLength);
            }

            if (Position - start > 1 && span[start] == '0')
            {
                return FailAt(BencodeErrorKind.InvalidLength, start);
            }

            Position++;
            if (length > span.Length - Position)
            {
                return Fail(BencodeErrorKind.Truncated);
            }

            bytes = _input.Slice(Position, length);
            Position += length;
            return true;
        }

        private bool ReadList(int depth, out BencodeValue? value)
        {
            value = null;
            var span = _input.Span;
            Position++;
            var items = new List<BencodeValue>();
            var childDepth = 0;
            while (true)
            {
                if (Position >= span.Length)
                {
                    return Fail(BencodeErrorKind.Truncated);
                }

                if (span[Position] == 'e')
                {
                    Position++;
                    value = BencodeValue.CreateList([.. items], childDepth + 1);
                    return true;
                }

                if (!ReadValue(depth, out var item))
                {
                    return false;
                }

                items.Add(item!);
                childDepth = Math.Max(childDepth, item!.Depth);
            }
        }

        private bool ReadDictionary(int depth, out BencodeValue? value)
        {
            value = null;
            var span = _input.Span;
            var start = Position++;
            var entries = new List<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>>();
            var childDepth = 0;
            while (true)
            {
                if (Position >= span.Length)
                {
                    return Fail(BencodeErrorKind.Truncated);
                }

                var lead = span[Position];
                if (lead == 'e')
                {
                    Position++;
                    var array = entries.ToArray();
                    if (BencodeValue.HasDuplicateKey(array))
                    {
                        return FailAt(BencodeErrorKind.DuplicateKey, start);
                    }

                    value = BencodeValue.CreateDictionary(array, childDepth + 1);
                    return true;
                }

                if (lead is < (byte)'0' or > (byte)'9')
                {
                    return Fail(BencodeErrorKind.KeyNotString);
                }

                if (++_items > _options.MaxItems)
                {
                    return Fail(BencodeErrorKind.TooManyItems);
                }

                if (!ReadStringBytes(out var key) || !ReadValue(depth, out var item))
                {
                    return false;
                }

                entries.Add(new KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>(key, item!));
                childDepth = Math.Max(childDepth, item!.Depth);
            }
        }

        private bool Fail(BencodeErrorKind kind) => FailAt(kind, Position);

        private bool FailAt(BencodeErrorKind kind, int offset)
        {
            Error = new BencodeReadError(kind, offset);
            return false;
        }
    }
}
