namespace Rethink.Ims.Sip.Proxy;

/// <summary>Names the call (and optionally one branch of it) a media operation belongs to.</summary>
/// <param name="CallId">The SIP Call-ID.</param>
/// <param name="FromTag">The caller's From tag (always the tag of the dialog-creating request's From).</param>
/// <param name="ToTag">The callee's To tag, once known; null for the whole call.</param>
/// <param name="ViaBranch">The branch of the proxy's client transaction, telling forked branches apart, if known.</param>
public readonly record struct SipMediaDialog(string CallId, string FromTag, string? ToTag = null, string? ViaBranch = null);
