using System.Net;
using Microsoft.Extensions.Logging;

namespace Rethink.Ims.Sip.Transport;

/// <summary>Log messages of the SIP transport.</summary>
internal static partial class SipTransportLog
{
    [LoggerMessage(1, LogLevel.Information, "SIP listening on {Listener}")]
    public static partial void Listening(ILogger logger, SipListenerEndpoint listener);

    [LoggerMessage(2, LogLevel.Debug, "Dropped {Transport} bytes from {Remote}: {Error}")]
    public static partial void ParseFailed(ILogger logger, string transport, IPEndPoint remote, string error);

    [LoggerMessage(3, LogLevel.Error, "The SIP handler failed on a message from {Remote}")]
    public static partial void HandlerFailed(ILogger logger, IPEndPoint remote, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "SIP {Transport} receive loop on {Local} failed")]
    public static partial void ReceiveFailed(ILogger logger, string transport, IPEndPoint local, Exception exception);

    [LoggerMessage(5, LogLevel.Debug, "Connection {Flow} refused: {Reason}")]
    public static partial void Refused(ILogger logger, IPEndPoint flow, string reason);

    [LoggerMessage(6, LogLevel.Debug, "Connection {Flow} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string flow, string reason);
}
