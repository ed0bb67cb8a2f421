namespace Rethink.Ims.Sip.Auth;

/// <summary>Whether a nonce-count may be used.</summary>
internal enum SipNonceCountState
{
    Fresh,
    Replayed,
    Forgotten,
}
