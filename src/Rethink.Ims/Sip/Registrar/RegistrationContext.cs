using System.Net;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Registrar;

/// <summary>What the layers below the registrar know about a REGISTER: who sent it and over what.</summary>
public sealed record RegistrationContext
{
    /// <summary>A context with nothing known (unauthenticated, no flow): tests and plain UDP.</summary>
    public static RegistrationContext None { get; } = new();

    /// <summary>
    /// The digest username the auth layer verified (e.g. <c>1700000000:alice</c> for an ephemeral credential), or null
    /// when the request was not authenticated.
    /// </summary>
    public string? AuthenticatedUser { get; init; }

    /// <summary>The id of the connection (flow) the request came over, or null (UDP without flow tracking).</summary>
    public string? FlowId { get; init; }

    /// <summary>The transport the request came over.</summary>
    public SipTransportKind Transport { get; init; }

    /// <summary>The source address of the request, or null.</summary>
    public EndPoint? Source { get; init; }
}
