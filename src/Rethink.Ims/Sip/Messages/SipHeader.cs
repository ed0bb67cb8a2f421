namespace Rethink.Ims.Sip.Messages;

/// <summary>One header field as it appears in a message: name and raw value.</summary>
public readonly struct SipHeader
{
    internal SipHeader(SipHeaderId id, SipText name, SipText value)
    {
        Id = id;
        Name = name;
        Value = value;
    }

    /// <summary>The recognised header, or <see cref="SipHeaderId.Unknown"/>.</summary>
    public SipHeaderId Id { get; }

    /// <summary>The name as written (compact form and case kept).</summary>
    public SipText Name { get; }

    /// <summary>The value as written, without surrounding whitespace; folded lines keep their CRLF + whitespace.</summary>
    public SipText Value { get; }

    /// <summary>"Name: value".</summary>
    public override string ToString() => $"{Name}: {Value}";
}
