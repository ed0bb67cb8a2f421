namespace Rethink.Ims.Media.Control;

/// <summary>The <c>DTLS</c> key of an offer or answer (Kamailio flag <c>DTLS=...</c>).</summary>
public enum NgDtlsMode
{
    /// <summary>The key is absent.</summary>
    Unspecified,

    /// <summary><c>off</c>, <c>no</c> or <c>disable</c>: neither offer nor accept DTLS-SRTP.</summary>
    Off,

    /// <summary><c>passive</c>: prefer the DTLS server role.</summary>
    Passive,

    /// <summary><c>active</c>: prefer the DTLS client role.</summary>
    Active,

    /// <summary>A value this library does not know; the raw value is in <see cref="NgRequest.Dictionary"/>.</summary>
    Other,
}
