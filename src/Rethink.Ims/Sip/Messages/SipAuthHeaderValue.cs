namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// An Authorization, Proxy-Authorization, WWW-Authenticate or Proxy-Authenticate value: a scheme
/// (e.g. Digest) and its comma-separated parameters, read lazily (RFC 3261 §20.7, §20.27, §20.28, §20.44).
/// </summary>
public readonly struct SipAuthHeaderValue : ISipHeaderValue<SipAuthHeaderValue>
{
    private readonly SipText _raw;
    private readonly int _schemeStart, _schemeLength, _paramsStart;

    private SipAuthHeaderValue(SipText raw, int schemeStart, int schemeLength, int paramsStart)
    {
        _raw = raw;
        _schemeStart = schemeStart;
        _schemeLength = schemeLength;
        _paramsStart = paramsStart;
    }

    /// <summary>The whole value as written.</summary>
    public SipText Raw => _raw;

    /// <summary>The scheme token (compare case-insensitively).</summary>
    public SipText Scheme => _raw.Slice(_schemeStart, _schemeLength);

    /// <summary>True when the scheme is Digest.</summary>
    public bool IsDigest => SipSyntax.EqualsFolded(Scheme.Span, "digest"u8);

    /// <summary>The parameters.</summary>
    public SipAuthParameters Parameters => new(_raw[_paramsStart..]);

    /// <summary>The unquoted username parameter, or empty.</summary>
    public SipText Username => Parameters.GetValue("username"u8);

    /// <summary>The unquoted realm parameter, or empty.</summary>
    public SipText Realm => Parameters.GetValue("realm"u8);

    /// <summary>The unquoted nonce parameter, or empty.</summary>
    public SipText Nonce => Parameters.GetValue("nonce"u8);

    /// <summary>The value as written.</summary>
    public override string ToString() => Raw.ToString();

    /// <summary>
    /// True when the parameters follow the grammar (<c>1#( token EQUAL ( token / quoted-string ) )</c>).
    /// Checked on demand, not by <see cref="TryParse(SipText, out SipAuthHeaderValue)"/>: enumeration copes with anything, and a
    /// verifier asks before trusting the values.
    /// </summary>
    public bool IsWellFormed => Parameters.IsEmpty || SipAuthParameters.IsValid(Parameters.Raw.Span);

    /// <summary>Parses one value given as bytes; the result keeps slices of them.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipAuthHeaderValue result) => TryParse(new SipText(value), out result);

    /// <summary>Parses <c>scheme LWS params</c>: a scheme token, then anything (see <see cref="IsWellFormed"/>).</summary>
    public static bool TryParse(SipText value, out SipAuthHeaderValue result)
    {
        result = default;
        var s = value.Span;
        var i = SipSyntax.SkipLws(s, 0);
        if (i >= s.Length || !SipSyntax.IsToken(s[i]))
        {
            return false;
        }

        var schemeEnd = SipSyntax.ScanToken(s, i);
        var paramsStart = SipSyntax.SkipLws(s, schemeEnd);
        if (paramsStart == schemeEnd && paramsStart != s.Length)
        {
            return false;
        }

        var end = s.Length;
        while (end > paramsStart && SipSyntax.IsLws(s[end - 1]))
        {
            end--;
        }

        result = new SipAuthHeaderValue(value[..end], i, schemeEnd - i, paramsStart);
        return true;
    }
}
