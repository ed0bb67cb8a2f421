namespace Rethink.Ims.Sip.Auth;

/// <summary>What <see cref="SipNonces.Check"/> found.</summary>
internal enum SipNonceCheck
{
    Valid,
    Stale,
    Invalid,
}
