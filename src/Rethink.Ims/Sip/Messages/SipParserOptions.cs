namespace Rethink.Ims.Sip.Messages;

/// <summary>Limits and checks of the SIP parser. The defaults are safe for a public-facing server.</summary>
public sealed class SipParserOptions
{
    internal static readonly SipParserOptions Default = new();

    /// <summary>Largest accepted message (start line, headers and body), in bytes. Default 65,535.</summary>
    public int MaxMessageSize { get; set; } = 65_535;

    /// <summary>Most header fields in one message (a folded field counts once). Default 128.</summary>
    public int MaxHeaderCount { get; set; } = 128;

    /// <summary>Longest start line or header field including folded lines, in bytes (at most 65,535). Default 8,192.</summary>
    public int MaxHeaderLineLength { get; set; } = 8_192;

    /// <summary>Largest accepted Content-Length, in bytes. Default 65,535.</summary>
    public int MaxBodySize { get; set; } = 65_535;

    /// <summary>
    /// How much <see cref="SipMessageValidator"/> checks on each parsed message. Default
    /// <see cref="SipValidation.Essential"/>: Contact and Route values are then checked by whoever reads
    /// them (<see cref="SipHeaderValues{T}.AllValid"/>), so a proxy does not pay for parsing Contacts.
    /// </summary>
    public SipValidation Validation { get; set; } = SipValidation.Essential;

    /// <summary>Throws when a limit is out of range (a configuration bug).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive, or a header line limit exceeds 65,535.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxMessageSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHeaderCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHeaderLineLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxHeaderLineLength, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBodySize);
    }
}
