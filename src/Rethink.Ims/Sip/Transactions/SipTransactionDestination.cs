using System.Net;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// Where a transaction sends: on the server side, the flow a request arrived on (the transport fills it when it
/// hands the request to the layer); on the client side, the target chosen by the user (RFC 3263 resolution is
/// not the transaction layer's business). Opaque to the transaction layer: it only passes it back to
/// <see cref="ISipTransactionTransport"/>.
/// </summary>
/// <param name="Transport">The transport kind (UDP, TCP, TLS, WS, WSS ...).</param>
/// <param name="EndPoint">The remote address: the source of a received request, or the client target. May be null
/// when <paramref name="Flow"/> alone identifies the peer (a WebSocket connection).</param>
/// <param name="Flow">The transport's handle of a connection or socket (RFC 5626 flow), or null to let the
/// transport pick or open one. Compared by reference.</param>
public readonly record struct SipTransactionDestination(SipTransportKind Transport, EndPoint? EndPoint, object? Flow = null);
