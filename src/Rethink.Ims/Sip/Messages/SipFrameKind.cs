namespace Rethink.Ims.Sip.Messages;

/// <summary>What a stream framer found at the head of the stream.</summary>
public enum SipFrameKind
{
    /// <summary>A message, or a failure to parse one (see <see cref="SipFrame.Result"/>).</summary>
    Message = 0,

    /// <summary>A CRLF CRLF keep-alive ping (RFC 5626 §3.5.1): answer with a single CRLF pong.</summary>
    Ping,

    /// <summary>A lone CRLF: the pong answering our ping.</summary>
    Pong,
}
