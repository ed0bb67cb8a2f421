namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Header fields the parser recognises by name, long or compact form, in any case. Every other
/// header is <see cref="Unknown"/> and is kept as it came.
/// </summary>
public enum SipHeaderId : byte
{
    /// <summary>Not one of the names below; kept raw.</summary>
    Unknown = 0,

    /// <summary>Accept.</summary>
    Accept,

    /// <summary>Accept-Contact (a).</summary>
    AcceptContact,

    /// <summary>Accept-Encoding.</summary>
    AcceptEncoding,

    /// <summary>Accept-Language.</summary>
    AcceptLanguage,

    /// <summary>Alert-Info.</summary>
    AlertInfo,

    /// <summary>Allow.</summary>
    Allow,

    /// <summary>Allow-Events (u).</summary>
    AllowEvents,

    /// <summary>Authentication-Info.</summary>
    AuthenticationInfo,

    /// <summary>Authorization.</summary>
    Authorization,

    /// <summary>Call-ID (i).</summary>
    CallId,

    /// <summary>Call-Info.</summary>
    CallInfo,

    /// <summary>Contact (m).</summary>
    Contact,

    /// <summary>Content-Disposition.</summary>
    ContentDisposition,

    /// <summary>Content-Encoding (e).</summary>
    ContentEncoding,

    /// <summary>Content-Language.</summary>
    ContentLanguage,

    /// <summary>Content-Length (l).</summary>
    ContentLength,

    /// <summary>Content-Type (c).</summary>
    ContentType,

    /// <summary>CSeq.</summary>
    CSeq,

    /// <summary>Date.</summary>
    Date,

    /// <summary>Error-Info.</summary>
    ErrorInfo,

    /// <summary>Event (o).</summary>
    Event,

    /// <summary>Expires.</summary>
    Expires,

    /// <summary>Flow-Timer (RFC 5626).</summary>
    FlowTimer,

    /// <summary>From (f).</summary>
    From,

    /// <summary>Identity (y).</summary>
    Identity,

    /// <summary>In-Reply-To.</summary>
    InReplyTo,

    /// <summary>Max-Forwards.</summary>
    MaxForwards,

    /// <summary>MIME-Version.</summary>
    MimeVersion,

    /// <summary>Min-Expires.</summary>
    MinExpires,

    /// <summary>Min-SE.</summary>
    MinSE,

    /// <summary>Organization.</summary>
    Organization,

    /// <summary>P-Asserted-Identity.</summary>
    PAssertedIdentity,

    /// <summary>P-Associated-URI.</summary>
    PAssociatedUri,

    /// <summary>P-Preferred-Identity.</summary>
    PPreferredIdentity,

    /// <summary>Path.</summary>
    Path,

    /// <summary>Priority.</summary>
    Priority,

    /// <summary>Privacy.</summary>
    Privacy,

    /// <summary>Proxy-Authenticate.</summary>
    ProxyAuthenticate,

    /// <summary>Proxy-Authorization.</summary>
    ProxyAuthorization,

    /// <summary>Proxy-Require.</summary>
    ProxyRequire,

    /// <summary>RAck.</summary>
    RAck,

    /// <summary>Reason.</summary>
    Reason,

    /// <summary>Record-Route.</summary>
    RecordRoute,

    /// <summary>Refer-To (r).</summary>
    ReferTo,

    /// <summary>Referred-By (b).</summary>
    ReferredBy,

    /// <summary>Reject-Contact (j).</summary>
    RejectContact,

    /// <summary>Replaces.</summary>
    Replaces,

    /// <summary>Reply-To.</summary>
    ReplyTo,

    /// <summary>Request-Disposition (d).</summary>
    RequestDisposition,

    /// <summary>Require.</summary>
    Require,

    /// <summary>Retry-After.</summary>
    RetryAfter,

    /// <summary>Route.</summary>
    Route,

    /// <summary>RSeq.</summary>
    RSeq,

    /// <summary>Security-Client.</summary>
    SecurityClient,

    /// <summary>Security-Server.</summary>
    SecurityServer,

    /// <summary>Security-Verify.</summary>
    SecurityVerify,

    /// <summary>Server.</summary>
    Server,

    /// <summary>Service-Route.</summary>
    ServiceRoute,

    /// <summary>Session-Expires (x).</summary>
    SessionExpires,

    /// <summary>Subject (s).</summary>
    Subject,

    /// <summary>Subscription-State.</summary>
    SubscriptionState,

    /// <summary>Supported (k).</summary>
    Supported,

    /// <summary>Timestamp.</summary>
    Timestamp,

    /// <summary>To (t).</summary>
    To,

    /// <summary>Unsupported.</summary>
    Unsupported,

    /// <summary>User-Agent.</summary>
    UserAgent,

    /// <summary>Via (v).</summary>
    Via,

    /// <summary>Warning.</summary>
    Warning,

    /// <summary>WWW-Authenticate.</summary>
    WwwAuthenticate,
}
