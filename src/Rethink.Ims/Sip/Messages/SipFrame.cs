namespace Rethink.Ims.Sip.Messages;

/// <summary>One unit read off a stream: a message (or parse failure), a keep-alive ping or a pong.</summary>
public readonly struct SipFrame
{
    internal SipFrame(SipFrameKind kind, SipParseResult result)
    {
        Kind = kind;
        Result = result;
    }

    /// <summary>The kind of frame.</summary>
    public SipFrameKind Kind { get; }

    /// <summary>For <see cref="SipFrameKind.Message"/>, the parse outcome; when its failure says
    /// <see cref="SipParseFailure.CloseConnection"/>, framing is lost and the connection must be closed.</summary>
    public SipParseResult Result { get; }

    /// <summary>The kind (and outcome).</summary>
    public override string ToString() => Kind == SipFrameKind.Message ? $"Message: {Result}" : Kind.ToString();
}
