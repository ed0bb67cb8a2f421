namespace Rethink.Ims.Provisioning;

/// <summary>
/// TURN servers returned with each credential as WebRTC ICE servers (<c>Ims:EphemeralAuth:Turn</c>).
/// Their credentials follow the TURN REST scheme (coturn <c>use-auth-secret</c>).
/// </summary>
public sealed class TurnServerOptions
{
    /// <summary>TURN URIs, e.g. <c>turn:turn.example.com:3478?transport=udp</c>. Empty (the default) returns no ICE servers.</summary>
    public IList<string> Uris { get; } = [];

    /// <summary>The secret shared with the TURN server (coturn <c>static-auth-secret</c>). Required when <see cref="Uris"/> is set.</summary>
    public string? Secret { get; set; }

    /// <summary>Lifetime of a TURN credential in seconds. Default 86400.</summary>
    public int TtlSeconds { get; set; } = 86400;
}
