using Rethink.Ims.Media.Dtls;

namespace Rethink.Ims.Tests.Media.Dtls;

public class DtlsOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid_and_prefer_aes_cm_80()
    {
        var options = new DtlsOptions();

        Assert.True(new DtlsOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, options.SrtpProfiles[0]);
        Assert.Equal(1200, options.Mtu);
    }

    public static TheoryData<Action<DtlsOptions>> BadOptions => new()
    {
        o => o.HandshakeTimeout = TimeSpan.Zero,
        o => o.RetransmitTimeout = TimeSpan.FromMilliseconds(5),
        o => o.RetransmitTimeout = TimeSpan.FromMinutes(2),
        o => o.Mtu = 127,
        o => o.Mtu = 70_000,
        o => o.ReceiveQueueCapacity = 0,
        o => o.SrtpProfiles = [],
        o => o.SrtpProfiles = [(DtlsSrtpProtectionProfile)3],
        o => o.SrtpProfiles = [DtlsSrtpProtectionProfile.AeadAes128Gcm, DtlsSrtpProtectionProfile.AeadAes128Gcm],
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Each_bad_setting_is_reported(Action<DtlsOptions> spoil)
    {
        var options = new DtlsOptions();
        spoil(options);

        var result = new DtlsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Single(result.Failures!);
    }
}
