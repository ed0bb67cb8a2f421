using Microsoft.Extensions.Options;
using Rethink.Ims.Sip.Auth;

namespace Rethink.Ims.Tests.Sip.Auth;

public class SipDigestOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new SipDigestOptionsValidator().Validate(null, new SipDigestOptions()).Succeeded);
    }

    [Fact]
    public void Failures_name_the_configuration_keys_and_never_the_secret()
    {
        var options = new SipDigestOptions
        {
            Realm = "a\"b",
            Algorithms = [SipDigestAlgorithm.Md5, SipDigestAlgorithm.Md5],
            NonceLifetime = TimeSpan.Zero,
            NonceSecret = "c2hvcnQtc2VjcmV0",
            FailureWindow = TimeSpan.Zero,
            NonceTableCapacity = 0,
            FailureTableCapacity = 0,
            MaxFailuresPerSource = -1,
            MaxFailuresPerUser = -1,
            ThrottleStatusCode = 429,
            FailurePolicy = (SipAuthFailurePolicy)7,
        };

        var result = new SipDigestOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        foreach (var key in new[] { "Realm", "Algorithms", "NonceLifetime", "NonceSecret", "FailureWindow", "NonceTableCapacity", "FailureTableCapacity", "MaxFailuresPerSource", "MaxFailuresPerUser", "ThrottleStatusCode", "FailurePolicy" })
        {
            Assert.Contains(failures, f => f.StartsWith("Ims:Sip:Auth:" + key + " ", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(failures, f => f.Contains("c2hvcnQtc2VjcmV0", StringComparison.Ordinal));
    }

    [Fact]
    public void Authenticator_refuses_invalid_options_and_no_credential_source()
    {
        var time = TimeProvider.System;
        var store = new InMemoryStaticCredentialStore();

        Assert.Throws<OptionsValidationException>(() => new SipDigestAuthenticator(new SipDigestOptions { NonceLifetime = TimeSpan.Zero }, time, staticStore: store));
        Assert.Throws<ArgumentException>(() => new SipDigestAuthenticator(new SipDigestOptions(), time));
    }

    [Fact]
    public void Static_credential_does_not_show_its_secret()
    {
        var credential = StaticCredential.FromPassword("hunter2");

        Assert.DoesNotContain("hunter2", credential.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StaticCredential.FromHa1(SipDigestAlgorithm.Sha256, "e99c632c89e73fd19e658981c5694748"));
    }
}
