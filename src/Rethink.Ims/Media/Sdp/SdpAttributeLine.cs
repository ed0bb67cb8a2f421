namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// One <c>a=</c> line, kept verbatim: <c>a=name</c> (a property attribute, <see cref="Value"/> null) or
/// <c>a=name:value</c> (the value is everything after the first colon, spaces included). Typed views such
/// as <see cref="RtpMap"/> parse the value on demand, so attributes nobody here understands
/// survive a parse/write round trip untouched.
/// </summary>
public sealed record SdpAttributeLine
{
    private readonly string name = "";
    private readonly string? value;

    /// <summary>Creates an attribute; throws <see cref="ArgumentException"/> when it could not be written as one SDP line.</summary>
    /// <param name="name">The attribute name, an RFC 8866 token (for example <c>rtpmap</c>).</param>
    /// <param name="value">The value after the colon, or null for a property attribute such as <c>rtcp-mux</c>.</param>
    public SdpAttributeLine(string name, string? value = null)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The attribute name (a token; compared case-sensitively, as RFC 8866 names are lower case).</summary>
    public string Name
    {
        get => name;
        init => name = SdpSyntax.RequireToken(value, nameof(Name));
    }

    /// <summary>The value after the first colon (may be empty), or null for a property attribute.</summary>
    public string? Value
    {
        get => value;
        init => this.value = SdpSyntax.OptionalText(value, nameof(Value));
    }

    /// <summary>True for a property attribute (<c>a=name</c> with no colon).</summary>
    public bool IsProperty => value is null;

    /// <summary>
    /// The line as <c>a=name:value</c>, except that the values of <c>ice-pwd</c> and the keys of
    /// <c>crypto</c> are replaced by <c>[redacted]</c>: this text is for logs. Use <see cref="SdpWriter"/>
    /// for the real description.
    /// </summary>
    public override string ToString() => "a=" + SdpWriter.FormatAttribute(this, redactSecrets: true);
}
