namespace Rethink.Ims.Sip.Messages;

/// <summary>One Warning value: <c>warn-code SP warn-agent SP warn-text</c> (RFC 3261 §20.43).</summary>
public readonly struct SipWarning : ISipHeaderValue<SipWarning>
{
    private readonly SipText _agent;
    private readonly SipText _text;

    private SipWarning(int code, SipText agent, SipText text)
    {
        Code = code;
        _agent = agent;
        _text = text;
    }

    /// <summary>The three-digit warn-code.</summary>
    public int Code { get; }

    /// <summary>The warn-agent (host[:port] or pseudonym).</summary>
    public SipText Agent => _agent;

    /// <summary>The warn-text, unquoted (allocates only for quoted-pairs).</summary>
    public SipText Text => _text.Unquote();

    /// <summary>Parses one value given as bytes; the result keeps slices of them.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipWarning result) => TryParse(new SipText(value), out result);

    /// <inheritdoc/>
    public static bool TryParse(SipText value, out SipWarning result)
    {
        result = default;
        var s = value.Span;
        var i = SipSyntax.SkipLws(s, 0);
        if (i + 3 > s.Length || !SipSyntax.IsDigit(s[i]) || !SipSyntax.IsDigit(s[i + 1]) || !SipSyntax.IsDigit(s[i + 2]))
        {
            return false;
        }

        var code = ((s[i] - '0') * 100) + ((s[i + 1] - '0') * 10) + (s[i + 2] - '0');
        i += 3;
        var agentStart = SipSyntax.SkipLws(s, i);
        if (agentStart == i || agentStart >= s.Length)
        {
            return false;
        }

        var agentEnd = agentStart;
        while (agentEnd < s.Length && !SipSyntax.IsLws(s[agentEnd]))
        {
            agentEnd++;
        }

        var textStart = SipSyntax.SkipLws(s, agentEnd);
        if (textStart >= s.Length || s[textStart] != '"')
        {
            return false;
        }

        var textEnd = SipSyntax.ScanQuoted(s, textStart);
        if (textEnd < 0 || SipSyntax.SkipLws(s, textEnd) != s.Length)
        {
            return false;
        }

        result = new SipWarning(code, value[agentStart..agentEnd], value[textStart..textEnd]);
        return true;
    }

    /// <summary>"code agent "text"".</summary>
    public override string ToString() => $"{Code} {Agent} {_text}";
}
