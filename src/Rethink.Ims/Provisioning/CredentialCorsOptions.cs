namespace Rethink.Ims.Provisioning;

/// <summary>
/// Which web origins may call the credential endpoint from a browser (<c>Ims:EphemeralAuth:Cors</c>).
/// The default allows none; the original service's behaviour is <see cref="AllowAnyOrigin"/> = <see langword="true"/>.
/// </summary>
public sealed class CredentialCorsOptions
{
    /// <summary>Origins allowed to call the endpoint, e.g. <c>https://app.example.com</c>. Default: none.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>
    /// Allow every origin, as the original service did. Off by default: with it on, any web page a
    /// signed-in person visits can obtain SIP credentials for them.
    /// </summary>
    public bool AllowAnyOrigin { get; set; }
}
