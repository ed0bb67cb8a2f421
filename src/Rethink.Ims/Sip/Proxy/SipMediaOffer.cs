using System.Net;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>An SDP offer crossing the proxy.</summary>
/// <param name="Dialog">The call; <see cref="SipMediaDialog.ToTag"/> is known only for a late offer or a re-INVITE.</param>
/// <param name="Sdp">The offer's body as received.</param>
/// <param name="FromCaller">True when the caller (the From side of the dialog-creating request) made the offer.</param>
/// <param name="OffererProfile">The profile the offering side speaks.</param>
/// <param name="RecipientProfile">The profile the side that receives the offer speaks.</param>
/// <param name="OffererAddress">Where the offering side's SIP message came from, if known.</param>
public sealed record SipMediaOffer(
    SipMediaDialog Dialog,
    ReadOnlyMemory<byte> Sdp,
    bool FromCaller,
    SipMediaProfile OffererProfile,
    SipMediaProfile RecipientProfile,
    EndPoint? OffererAddress = null);
