namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// The server certificate for tls:// and wss:// listeners: a PFX file (<see cref="CertificatePath"/> +
/// <see cref="CertificatePassword"/>), or PEM files (<see cref="CertificatePath"/> + <see cref="KeyPath"/>), or,
/// for development only, a self-signed certificate generated at start (<see cref="UseDevelopmentCertificate"/>).
/// </summary>
public sealed class SipTlsOptions
{
    /// <summary>A .pfx/.p12 file, or a PEM certificate (chain) file when <see cref="KeyPath"/> is set.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX password, or the password of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key file that goes with a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Generate a self-signed ECDSA certificate for 127.0.0.1/localhost at start (never in production).</summary>
    public bool UseDevelopmentCertificate { get; set; }

    /// <summary>
    /// Accept any certificate from servers this proxy connects to over TLS (an upstream with a self-signed certificate,
    /// in development only). Default false: the server certificate must chain to a trusted root and name the host.
    /// </summary>
    public bool AllowUntrustedServerCertificates { get; set; }
}
