using System.Net;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>An SDP answer crossing the proxy, answering the last offer of the same dialog.</summary>
/// <param name="Dialog">The call, with the answering branch's To tag.</param>
/// <param name="Sdp">The answer's body as received.</param>
/// <param name="FromCaller">True when the caller answers (a late offer made by the callee).</param>
/// <param name="AnswererProfile">The profile the answering side speaks.</param>
/// <param name="AnswererAddress">Where the answering side's SIP message came from, if known.</param>
public sealed record SipMediaAnswer(
    SipMediaDialog Dialog,
    ReadOnlyMemory<byte> Sdp,
    bool FromCaller,
    SipMediaProfile AnswererProfile,
    EndPoint? AnswererAddress = null);
