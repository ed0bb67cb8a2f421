namespace Rethink.Ims.Media.Control;

/// <summary>The ng commands this server knows; every other command is answered with an error.</summary>
public enum NgCommandKind
{
    /// <summary>Any command not listed here (<c>start recording</c>, <c>list</c>, <c>statistics</c>, ...).</summary>
    Other,

    /// <summary><c>ping</c>: a liveness check, answered with <c>pong</c>. Kamailio sends it at start-up and to re-enable a node.</summary>
    Ping,

    /// <summary><c>offer</c>: an SDP offer to rewrite (<c>rtpengine_offer</c>, and <c>rtpengine_info</c>'s trickle-ICE fragments).</summary>
    Offer,

    /// <summary><c>answer</c>: an SDP answer to rewrite (<c>rtpengine_answer</c>).</summary>
    Answer,

    /// <summary><c>delete</c>: tear the media session down (<c>rtpengine_delete</c>).</summary>
    Delete,

    /// <summary><c>query</c>: report a session's statistics (<c>rtpengine_query</c>, <c>$rtpestat</c>).</summary>
    Query,
}
