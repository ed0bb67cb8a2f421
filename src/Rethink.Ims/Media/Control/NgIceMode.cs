namespace Rethink.Ims.Media.Control;

/// <summary>The <c>ICE</c> key of an offer or answer (Kamailio flag <c>ICE=...</c>).</summary>
public enum NgIceMode
{
    /// <summary>The key is absent: the media proxy's default.</summary>
    Unspecified,

    /// <summary><c>default</c>: replace ICE data only where the SDP had some.</summary>
    Default,

    /// <summary><c>remove</c>: strip every ICE attribute and add none.</summary>
    Remove,

    /// <summary><c>force</c>: strip the peer's ICE data and offer the media proxy as the only candidate.</summary>
    Force,

    /// <summary><c>force-relay</c>: keep the candidates, replace relay candidates with the media proxy.</summary>
    ForceRelay,

    /// <summary><c>optional</c>: add the media proxy as a low-priority candidate.</summary>
    Optional,

    /// <summary>A value this library does not know; the raw value is in <see cref="NgRequest.Dictionary"/>.</summary>
    Other,
}
