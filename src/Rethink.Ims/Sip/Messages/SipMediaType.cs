namespace Rethink.Ims.Sip.Messages;

/// <summary>A Content-Type value: <c>type/subtype</c> and parameters (RFC 3261 §20.15).</summary>
public readonly struct SipMediaType : ISipHeaderValue<SipMediaType>
{
    private readonly SipText _raw;
    private readonly int _typeStart, _typeLength, _subtypeStart, _subtypeLength, _paramsStart, _paramsLength;

    private SipMediaType(SipText raw, (int S, int L) type, (int S, int L) subtype, (int S, int L) parameters)
    {
        _raw = raw;
        (_typeStart, _typeLength) = type;
        (_subtypeStart, _subtypeLength) = subtype;
        (_paramsStart, _paramsLength) = parameters;
    }

    /// <summary>The type, e.g. "application".</summary>
    public SipText Type => _raw.Slice(_typeStart, _typeLength);

    /// <summary>The subtype, e.g. "sdp".</summary>
    public SipText Subtype => _raw.Slice(_subtypeStart, _subtypeLength);

    /// <summary>The parameters (e.g. boundary, charset).</summary>
    public SipParameters Parameters => new(_raw.Slice(_paramsStart, _paramsLength));

    /// <summary>True for a default value (no Content-Type).</summary>
    public bool IsEmpty => _raw.IsEmpty;

    /// <summary>True when type and subtype equal the given ones, ignoring case.</summary>
    public bool Is(ReadOnlySpan<byte> type, ReadOnlySpan<byte> subtype) =>
        Type.EqualsIgnoreCase(type) && Subtype.EqualsIgnoreCase(subtype);

    /// <summary>True for application/sdp.</summary>
    public bool IsSdp => Is("application"u8, "sdp"u8);

    /// <summary>The value as written.</summary>
    public override string ToString() => _raw.ToString();

    /// <summary>Parses one value given as bytes; the result keeps slices of them.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipMediaType result) => TryParse(new SipText(value), out result);

    /// <summary>Parses one value of a message (or any <see cref="SipText"/>); the result keeps slices of it.</summary>
    public static bool TryParse(SipText value, out SipMediaType result)
    {
        result = default;
        var s = value.Span;
        var i = SipSyntax.SkipLws(s, 0);
        if (i >= s.Length || !SipSyntax.IsToken(s[i]))
        {
            return false;
        }

        var typeEnd = SipSyntax.ScanToken(s, i);
        var slash = SipSyntax.SkipLws(s, typeEnd);
        if (slash >= s.Length || s[slash] != '/')
        {
            return false;
        }

        var sub = SipSyntax.SkipLws(s, slash + 1);
        if (sub >= s.Length || !SipSyntax.IsToken(s[sub]))
        {
            return false;
        }

        var subEnd = SipSyntax.ScanToken(s, sub);
        var paramsStart = SipSyntax.SkipLws(s, subEnd);
        if (!SipUriGrammar.IsValidHeaderParameters(s, paramsStart))
        {
            return false;
        }

        var end = s.Length;
        while (end > paramsStart && SipSyntax.IsLws(s[end - 1]))
        {
            end--;
        }

        result = new SipMediaType(value, (i, typeEnd - i), (sub, subEnd - sub), (paramsStart, end - paramsStart));
        return true;
    }
}
