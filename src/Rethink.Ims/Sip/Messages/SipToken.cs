namespace Rethink.Ims.Sip.Messages;

/// <summary>One token of a token list such as Supported, Require, Allow or Unsupported.</summary>
public readonly struct SipToken : ISipHeaderValue<SipToken>
{
    private SipToken(SipText text) => Text = text;

    /// <summary>The token as written.</summary>
    public SipText Text { get; }

    /// <inheritdoc/>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipToken result)
    {
        var s = value.Span;
        var (start, length) = SipSyntax.TrimRange(s, 0, s.Length);
        if (length == 0 || SipSyntax.ScanTokenRun(s, start) < start + length)
        {
            result = default;
            return false;
        }

        result = new SipToken(new SipText(value.Slice(start, length)));
        return true;
    }

    /// <summary>The token.</summary>
    public override string ToString() => Text.ToString();
}
