using Rethink.Ims.Credentials;

namespace Rethink.Ims.IntegrationTests;

public class SmokeTests
{
    [Fact]
    public void Hash_algorithm_values_match_kamailio_sha_algorithm() =>
        Assert.Equal(3, (int)EphemeralHashAlgorithm.Sha512);
}
