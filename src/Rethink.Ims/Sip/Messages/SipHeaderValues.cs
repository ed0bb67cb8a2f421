namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// All values of one header in a message, in order: every header line of that name, each split at
/// top-level commas when the header is a list (Via, Contact, Route, Supported ...). Values are parsed
/// as they are enumerated; a value that does not parse is skipped (the parser's validator rejects
/// messages with malformed Via, Contact and Route values, so parsed messages have none).
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public readonly struct SipHeaderValues<T>
    where T : struct, ISipHeaderValue<T>
{
    private readonly SipMessage? _message;
    private readonly SipHeaderId _id;

    internal SipHeaderValues(SipMessage message, SipHeaderId id)
    {
        _message = message;
        _id = id;
    }

    /// <summary>True when the message has no header of this kind.</summary>
    public bool IsEmpty => _message is null || _message.IndexOf(_id, 0) < 0;

    /// <summary>The number of values that parse.</summary>
    public int Count
    {
        get
        {
            var n = 0;
            foreach (var unused in this)
            {
                n++;
            }

            return n;
        }
    }

    /// <summary>The first value; default when there is none.</summary>
    public T First => TryGetFirst(out var value) ? value : default;

    /// <summary>Gets the first value that parses.</summary>
    public bool TryGetFirst(out T value)
    {
        var e = GetEnumerator();
        if (e.MoveNext())
        {
            value = e.Current;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>True when every value parses (an empty list is valid).</summary>
    public bool AllValid => CountValues(out var invalid) >= 0 && invalid == 0;

    /// <summary>Counts values; <paramref name="invalid"/> says how many did not parse.</summary>
    internal int CountValues(out int invalid)
    {
        invalid = 0;
        var total = 0;
        if (_message is null)
        {
            return 0;
        }

        for (var h = _message.IndexOf(_id, 0); h >= 0; h = _message.IndexOf(_id, h + 1))
        {
            var value = _message.GetValueText(h);
            if (!SipHeaderNames.IsList(_id))
            {
                total++;
                if (!T.TryParse(value, out _))
                {
                    invalid++;
                }

                continue;
            }

            var s = value.Span;
            var pos = 0;
            while (SipListSplitter.Next(s, ref pos, out var start, out var length))
            {
                total++;
                if (!T.TryParse(value.Slice(start, length), out _))
                {
                    invalid++;
                }
            }
        }

        return total;
    }

    /// <summary>Enumerates the values that parse.</summary>
    public Enumerator GetEnumerator() => new(_message, _id);

    /// <summary>Walks the values of every header line of one kind.</summary>
    public struct Enumerator
    {
        private readonly SipMessage? _message;
        private readonly SipHeaderId _id;
        private readonly bool _isList;
        private int _header;
        private int _pos;
        private SipText _value;
        private T _current;

        internal Enumerator(SipMessage? message, SipHeaderId id)
        {
            _message = message;
            _id = id;
            _isList = SipHeaderNames.IsList(id);
            _header = -1;
            _pos = 0;
            _value = default;
            _current = default;
        }

        /// <summary>The current value.</summary>
        public readonly T Current => _current;

        /// <summary>Moves to the next value that parses.</summary>
        public bool MoveNext()
        {
            if (_message is null)
            {
                return false;
            }

            while (true)
            {
                if (_header >= 0 && _isList)
                {
                    var s = _value.Span;
                    while (SipListSplitter.Next(s, ref _pos, out var start, out var length))
                    {
                        // Parsed straight into Current: value types here are large, a copy is not free.
                        if (T.TryParse(_value.Slice(start, length), out _current))
                        {
                            return true;
                        }
                    }
                }

                _header = _message.IndexOf(_id, _header + 1);
                if (_header < 0)
                {
                    return false;
                }

                _value = _message.GetValueText(_header);
                _pos = 0;
                if (!_isList)
                {
                    if (T.TryParse(_value, out _current))
                    {
                        return true;
                    }
                }
            }
        }
    }
}
