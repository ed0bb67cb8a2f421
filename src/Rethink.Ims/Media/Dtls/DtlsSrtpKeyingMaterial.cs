using System.Security.Cryptography;

namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// The SRTP master keys and salts a DTLS-SRTP handshake exported (RFC 5764 §4.2): the exporter output
/// <c>client_write_key | server_write_key | client_write_salt | server_write_salt</c>, split. The DTLS
/// client protects what it sends with the client key and salt; the server with the server's.
/// </summary>
/// <remarks>
/// Holds secrets: <see cref="ToString"/> names only the profile and role, and <see cref="Dispose"/>
/// zeroes the octets. Reading a key after disposal throws <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class DtlsSrtpKeyingMaterial : IDisposable
{
    private readonly byte[] _material;
    private bool _disposed;

    /// <summary>
    /// Wraps exported keying material (copied). <paramref name="material"/> must be exactly
    /// <see cref="DtlsSrtpProtectionProfileExtensions.KeyingMaterialLength"/> octets long.
    /// </summary>
    /// <param name="profile">The negotiated protection profile.</param>
    /// <param name="localRole">This endpoint's DTLS role, which decides which half is "local".</param>
    /// <param name="material">The exporter output.</param>
    public DtlsSrtpKeyingMaterial(DtlsSrtpProtectionProfile profile, DtlsRole localRole, ReadOnlySpan<byte> material)
    {
        if (!profile.IsDefined())
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP protection profile.");
        }

        if (material.Length != profile.KeyingMaterialLength())
        {
            throw new ArgumentException($"{profile} needs {profile.KeyingMaterialLength()} octets of keying material.", nameof(material));
        }

        Profile = profile;
        LocalRole = localRole;
        _material = material.ToArray();
    }

    /// <summary>The negotiated protection profile.</summary>
    public DtlsSrtpProtectionProfile Profile { get; }

    /// <summary>This endpoint's DTLS role.</summary>
    public DtlsRole LocalRole { get; }

    /// <summary>The whole exporter output (client key, server key, client salt, server salt), as the SRTP layer takes it.</summary>
    public ReadOnlySpan<byte> Material => Checked();

    /// <summary>The DTLS client's SRTP master key.</summary>
    public ReadOnlySpan<byte> ClientWriteKey => Checked()[..KeyLength];

    /// <summary>The DTLS server's SRTP master key.</summary>
    public ReadOnlySpan<byte> ServerWriteKey => Checked().Slice(KeyLength, KeyLength);

    /// <summary>The DTLS client's SRTP master salt.</summary>
    public ReadOnlySpan<byte> ClientWriteSalt => Checked().Slice(2 * KeyLength, SaltLength);

    /// <summary>The DTLS server's SRTP master salt.</summary>
    public ReadOnlySpan<byte> ServerWriteSalt => Checked().Slice((2 * KeyLength) + SaltLength, SaltLength);

    /// <summary>The key this endpoint protects outgoing SRTP with.</summary>
    public ReadOnlySpan<byte> LocalWriteKey => LocalRole == DtlsRole.Client ? ClientWriteKey : ServerWriteKey;

    /// <summary>The salt this endpoint protects outgoing SRTP with.</summary>
    public ReadOnlySpan<byte> LocalWriteSalt => LocalRole == DtlsRole.Client ? ClientWriteSalt : ServerWriteSalt;

    /// <summary>The key the peer protects its SRTP with (used here to unprotect).</summary>
    public ReadOnlySpan<byte> RemoteWriteKey => LocalRole == DtlsRole.Client ? ServerWriteKey : ClientWriteKey;

    /// <summary>The salt the peer protects its SRTP with.</summary>
    public ReadOnlySpan<byte> RemoteWriteSalt => LocalRole == DtlsRole.Client ? ServerWriteSalt : ClientWriteSalt;

    private int KeyLength => Profile.MasterKeyLength();

    private int SaltLength => Profile.MasterSaltLength();

    /// <summary>Zeroes the key material.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_material);
        }
    }

    /// <summary>The profile and role only; never the keys.</summary>
    public override string ToString() => $"DtlsSrtpKeyingMaterial {{ Profile = {Profile.ToRegistryName()}, LocalRole = {LocalRole} }}";

    private ReadOnlySpan<byte> Checked()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _material;
    }
}
