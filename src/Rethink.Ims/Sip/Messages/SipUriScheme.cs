namespace Rethink.Ims.Sip.Messages;

/// <summary>The scheme of a URI.</summary>
public enum SipUriScheme : byte
{
    /// <summary>Any scheme other than sip, sips and tel (kept opaque: http:, urn:, isbn: ...).</summary>
    Other = 0,

    /// <summary>sip: (RFC 3261).</summary>
    Sip,

    /// <summary>sips: (RFC 3261).</summary>
    Sips,

    /// <summary>tel: (RFC 3966).</summary>
    Tel,
}
