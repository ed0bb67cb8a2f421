namespace Rethink.Ims.Media.Stun;

/// <summary>Outcome of checking MESSAGE-INTEGRITY(-SHA256) or FINGERPRINT.</summary>
public enum StunVerification
{
    /// <summary>Present and correct.</summary>
    Valid,

    /// <summary>The message does not carry the attribute.</summary>
    Missing,

    /// <summary>Present but wrong (or malformed, or FINGERPRINT not last).</summary>
    Invalid,
}
