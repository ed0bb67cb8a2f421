namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// Turns DTLS-SRTP exported keying material (RFC 5764 §4.2, label "EXTRACTOR-dtls_srtp") into the two
/// contexts of one endpoint. The material is client key || server key || client salt || server salt.
/// </summary>
public static class SrtpDtlsKeyingMaterial
{
    /// <summary>The exporter label RFC 5764 §4.2 defines.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>Octets to export for <paramref name="profile"/>: 2 × (key + salt).</summary>
    public static int GetLength(SrtpProtectionProfile profile) => 2 * (profile.KeyLength() + profile.SaltLength());

    /// <summary>
    /// Creates the context that protects what this endpoint sends (its own write keys) and the one that
    /// unprotects what it receives (the peer's write keys). <paramref name="isClient"/> is this endpoint's DTLS role.
    /// </summary>
    public static (SrtpContext Protect, SrtpContext Unprotect) CreateContexts(
        SrtpProtectionProfile profile, ReadOnlySpan<byte> keyingMaterial, bool isClient, SrtpContextOptions? options = null)
    {
        if (keyingMaterial.Length != GetLength(profile))
        {
            throw new ArgumentException($"{profile} needs {GetLength(profile)} octets of keying material.", nameof(keyingMaterial));
        }

        var key = profile.KeyLength();
        var salt = profile.SaltLength();
        var clientKey = keyingMaterial[..key];
        var serverKey = keyingMaterial.Slice(key, key);
        var clientSalt = keyingMaterial.Slice(2 * key, salt);
        var serverSalt = keyingMaterial.Slice((2 * key) + salt, salt);
        var client = new SrtpContext(profile, clientKey, clientSalt, options);
        try
        {
            var server = new SrtpContext(profile, serverKey, serverSalt, options);
            return isClient ? (client, server) : (server, client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
