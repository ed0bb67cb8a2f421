namespace Rethink.Ims.Sip.Pipeline;

/// <summary>
/// What <see cref="SipRequestChecksMiddleware"/> accepts: the URI schemes, option tags and body types this server
/// understands. The defaults fit a registrar that answers requests itself; a proxy that forwards sets
/// <see cref="CheckRequire"/> and <see cref="CheckContent"/> to false, since those are the end point's business.
/// </summary>
public sealed class SipRequestChecksOptions
{
    /// <summary>Request-URI schemes handled (case-insensitive); another gets 416. Default sip, sips and tel.</summary>
    public IList<string> UriSchemes { get; } = new List<string> { "sip", "sips", "tel" };

    /// <summary>Option tags understood in Proxy-Require and Require (case-insensitive); another gets 420. Default path
    /// (RFC 3327) and outbound (RFC 5626), which the registrar implements.</summary>
    public IList<string> SupportedOptionTags { get; } = new List<string> { "path", "outbound" };

    /// <summary>Refuse unknown Require tags (420) as the request's end point does (RFC 3261 §8.2.2.3). Default true; a
    /// proxy must not (§16.6), only Proxy-Require is its business. CANCEL and ACK are never refused for Require.</summary>
    public bool CheckRequire { get; set; } = true;

    /// <summary>Check the bodies of session requests (INVITE, UPDATE, PRACK): a type not in <see cref="ContentTypes"/> or an encoding
    /// other than identity gets 415; an INVITE whose Accept excludes every one of them gets 406. Default true.</summary>
    public bool CheckContent { get; set; } = true;

    /// <summary>Body types understood in session requests, as <c>type/subtype</c> (case-insensitive). Default application/sdp.</summary>
    public IList<string> ContentTypes { get; } = new List<string> { "application/sdp" };
}
