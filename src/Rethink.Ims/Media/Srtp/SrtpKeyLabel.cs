namespace Rethink.Ims.Media.Srtp;

/// <summary>Key derivation labels (RFC 3711 §4.3.1, §4.3.2).</summary>
public enum SrtpKeyLabel
{
    /// <summary>SRTP encryption key.</summary>
    RtpEncryption = 0x00,

    /// <summary>SRTP authentication key.</summary>
    RtpAuthentication = 0x01,

    /// <summary>SRTP salting key.</summary>
    RtpSalt = 0x02,

    /// <summary>SRTCP encryption key.</summary>
    RtcpEncryption = 0x03,

    /// <summary>SRTCP authentication key.</summary>
    RtcpAuthentication = 0x04,

    /// <summary>SRTCP salting key.</summary>
    RtcpSalt = 0x05,
}
