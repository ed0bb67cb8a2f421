namespace Rethink.Ims.Sip.Pipeline;

#pragma warning disable CA1711 // Named after ASP.NET Core's RequestDelegate on purpose.
/// <summary>A step of the SIP pipeline: handles the request in <paramref name="context"/>.</summary>
public delegate Task SipRequestDelegate(SipContext context);
#pragma warning restore CA1711
