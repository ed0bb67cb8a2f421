namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Copies a message into memory of its own: what must outlive the pooled receive buffer (a response handed to a client
/// transaction's user after the transport disposes the original, a request a proxy forwards and retransmits).
/// </summary>
internal static class SipMessageCopy
{
    private static readonly SipParserOptions Options = new() { MaxMessageSize = 1_048_576, MaxBodySize = 1_048_576 };

    /// <summary>A detached copy, or null when the written message does not parse again (it always should).</summary>
    public static T? Detach<T>(T message)
        where T : SipMessage
    {
        var bytes = SipMessageWriter.ToArray(message);
        var result = SipParser.Parse(bytes, Options);
        return result.Message as T;
    }
}
