namespace Rethink.Ims.Sip.Transport;

/// <summary>What became of a message handed to a flow.</summary>
public enum SipSendResult
{
    /// <summary>Written to the socket (or queued behind a write in progress).</summary>
    Sent = 0,

    /// <summary>The flow is closed.</summary>
    Closed,

    /// <summary>Too many sends were pending on the flow; the message was dropped and counted.</summary>
    QueueFull,

    /// <summary>The message is larger than the transport allows.</summary>
    TooLarge,

    /// <summary>The socket reported an error; the flow is closed.</summary>
    Failed,

    /// <summary>No destination could be worked out (e.g. a Via naming a host that is not an address).</summary>
    NoRoute,
}
