namespace Rethink.Ims.Sip.Messages;

/// <summary>One token of a token list such as Supported, Require, Allow or Unsupported.</summary>
public readonly struct SipToken : ISipHeaderValue<SipToken>
{
    private SipToken(SipText text) => Text = text;

    /// <summary>The token as written.</summary>
    public SipText Text { get; }

    /// <summary>Parses one value given as bytes; the result keeps slices of them.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipToken result) => TryParse(new SipText(value), out result);

    /// <inheritdoc/>
    public static bool TryParse(SipText value, out SipToken result)
    {
        var s = value.Span;
        var (start, length) = SipSyntax.TrimRange(s, 0, s.Length);
        if (length == 0 || SipSyntax.ScanTokenRun(s, start) < start + length)
        {
            result = default;
            return false;
        }

        result = new SipToken(value.Slice(start, length));
        return true;
    }

    /// <summary>The token.</summary>
    public override string ToString() => Text.ToString();
}
