using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Media.Dtls;

namespace Rethink.Ims.Tests.Media.Dtls;

public class DtlsSrtpKeyingMaterialProperties
{
    private static readonly DtlsSrtpProtectionProfile[] Profiles =
    [
        DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsSrtpProtectionProfile.Aes128CmHmacSha1_32,
        DtlsSrtpProtectionProfile.AeadAes128Gcm, DtlsSrtpProtectionProfile.AeadAes256Gcm,
    ];

    [Property(MaxTest = 300)]
    public Property The_four_parts_concatenate_back_to_the_exported_material(int profileIndex, int seed)
    {
        var profile = Profiles[Math.Abs(profileIndex % Profiles.Length)];
        var bytes = new byte[profile.KeyingMaterialLength()];
        new Random(seed).NextBytes(bytes);
        using var material = new DtlsSrtpKeyingMaterial(profile, DtlsRole.Client, bytes);

        byte[] joined = [.. material.ClientWriteKey, .. material.ServerWriteKey, .. material.ClientWriteSalt, .. material.ServerWriteSalt];

        return (joined.AsSpan().SequenceEqual(bytes) && material.Material.SequenceEqual(bytes)).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property What_one_side_writes_with_the_other_reads_with(int profileIndex, int seed)
    {
        var profile = Profiles[Math.Abs(profileIndex % Profiles.Length)];
        var bytes = new byte[profile.KeyingMaterialLength()];
        new Random(seed).NextBytes(bytes);
        using var client = new DtlsSrtpKeyingMaterial(profile, DtlsRole.Client, bytes);
        using var server = new DtlsSrtpKeyingMaterial(profile, DtlsRole.Server, bytes);

        return (client.LocalWriteKey.SequenceEqual(server.RemoteWriteKey)
            && client.LocalWriteSalt.SequenceEqual(server.RemoteWriteSalt)
            && server.LocalWriteKey.SequenceEqual(client.RemoteWriteKey)
            && server.LocalWriteSalt.SequenceEqual(client.RemoteWriteSalt)).ToProperty();
    }
}
