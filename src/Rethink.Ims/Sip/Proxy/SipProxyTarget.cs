using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>One place a proxied request is sent to (a branch).</summary>
/// <param name="NextHop">Where the request goes (a flow, or a transport and address).</param>
/// <param name="RequestUri">The new Request-URI (a binding's contact), or null to keep the received one.</param>
/// <param name="Path">Route values to put in front (a binding's Path, RFC 3327), topmost first.</param>
/// <param name="Q">The binding's q-value (1 when none), for sequential forking.</param>
/// <param name="Transport">The transport of the binding or hop, when known before connecting (for logs).</param>
internal sealed record SipProxyTarget(SipOutboundTarget NextHop, string? RequestUri, IReadOnlyList<string> Path, double Q, string Transport);
