using Rethink.Ims.Media.Srtp;

namespace Rethink.Ims.Tests.Media.Srtp;

public class SrtpDtlsKeyingMaterialTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.AesCm128HmacSha1_80, 60)]
    [InlineData(SrtpProtectionProfile.AesCm128HmacSha1_32, 60)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 56)]
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, 88)]
    public void Client_and_server_contexts_from_the_same_material_talk_to_each_other(SrtpProtectionProfile profile, int length)
    {
        var material = Enumerable.Range(0, SrtpDtlsKeyingMaterial.GetLength(profile)).Select(i => (byte)(i * 5)).ToArray();
        Assert.Equal(length, material.Length);
        var (clientTx, clientRx) = SrtpDtlsKeyingMaterial.CreateContexts(profile, material, isClient: true);
        var (serverTx, serverRx) = SrtpDtlsKeyingMaterial.CreateContexts(profile, material, isClient: false);
        using (clientTx)
        using (clientRx)
        using (serverTx)
        using (serverRx)
        {
            var toServer = SrtpRoundTripProperties.Protect(clientTx, SrtpRoundTripProperties.Rtp([1, 2, 3], 1, 1, false));
            var toClient = SrtpRoundTripProperties.Protect(serverTx, SrtpRoundTripProperties.Rtp([4, 5, 6], 1, 2, false));

            Assert.Equal(SrtpResult.Ok, serverRx.UnprotectRtp(toServer, out _));
            Assert.Equal(SrtpResult.Ok, clientRx.UnprotectRtp(toClient, out _));
            Assert.Equal(SrtpResult.AuthenticationFailed, clientRx.UnprotectRtp(SrtpRoundTripProperties.Protect(clientTx, SrtpRoundTripProperties.Rtp([7], 2, 1, false)), out _));
        }
    }

    [Fact]
    public void The_client_write_key_is_the_first_part_of_the_material()
    {
        var profile = SrtpProtectionProfile.AesCm128HmacSha1_80;
        var material = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();
        var (clientTx, clientRx) = SrtpDtlsKeyingMaterial.CreateContexts(profile, material, isClient: true);
        using var tx = clientTx;
        using var rx = clientRx;
        using var expected = new SrtpContext(profile, material[..16], material[32..46]);
        var rtp = SrtpRoundTripProperties.Rtp([9, 9], 3, 3, false);

        Assert.Equal(SrtpRoundTripProperties.Protect(expected, rtp), SrtpRoundTripProperties.Protect(clientTx, rtp));
    }
}
