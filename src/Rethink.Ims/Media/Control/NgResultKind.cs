namespace Rethink.Ims.Media.Control;

/// <summary>The <c>result</c> of an ng reply.</summary>
public enum NgResultKind
{
    /// <summary><c>ok</c>, possibly with an <c>sdp</c>, a <c>warning</c> and statistics.</summary>
    Ok,

    /// <summary><c>pong</c>: the answer to <c>ping</c>.</summary>
    Pong,

    /// <summary><c>error</c> with an <c>error-reason</c> and no other key. Kamailio's function then fails.</summary>
    Error,

    /// <summary>
    /// <c>load limit</c>: this media server is full; Kamailio tries its next one. Sent only to proxies that
    /// list <c>load limit</c> in <c>supports</c>; others get the error Kamailio also reads as "try the next one".
    /// </summary>
    LoadLimit,
}
