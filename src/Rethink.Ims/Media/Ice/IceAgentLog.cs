using System.Net;
using Microsoft.Extensions.Logging;

namespace Rethink.Ims.Media.Ice;

internal static partial class IceAgentLog
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Debug, Message = "ICE check from {Source} rejected: {Outcome}")]
    public static partial void CheckRejected(ILogger logger, IPEndPoint source, IceCheckOutcome outcome);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "ICE selected remote endpoint {Endpoint}")]
    public static partial void Selected(ILogger logger, IPEndPoint endpoint);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Information, Message = "ICE state {From} -> {To}")]
    public static partial void StateChanged(ILogger logger, IceAgentState from, IceAgentState to);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "ICE consent expired for {Endpoint}: media stops")]
    public static partial void ConsentExpired(ILogger logger, IPEndPoint? endpoint);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Information, Message = "ICE restart: local ufrag {LocalUfrag}, remote ufrag {RemoteUfrag}")]
    public static partial void Restarted(ILogger logger, string localUfrag, string remoteUfrag);
}
