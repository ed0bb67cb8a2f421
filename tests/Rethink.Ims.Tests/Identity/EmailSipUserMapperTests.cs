using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Tests.Identity;

public class EmailSipUserMapperTests
{
    private const string UserAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()&=+$,;?/";

    private static EmailSipUserMapper Mapper(string? sipDomain = null) =>
        new(Options.Create(new EmailSipUserMapperOptions { SipDomain = sipDomain }));

    private static ImsIdentity Identity(string email) => new("sub-1", email, true, "https://accounts.google.com", null);

    [Fact]
    public void Map_splits_the_address_into_user_and_domain_as_the_original_service_did()
    {
        Assert.Equal(new SipUser("alice", "gmail.com"), Mapper().Map(Identity("alice@gmail.com")));
    }

    [Fact]
    public void Map_keeps_the_user_case_and_lower_cases_the_domain()
    {
        Assert.Equal(new SipUser("Alice.Smith", "example.com"), Mapper().Map(Identity("Alice.Smith@Example.COM")));
    }

    [Fact]
    public void Map_puts_every_user_in_the_configured_sip_domain()
    {
        Assert.Equal(new SipUser("alice", "ims.example.net"), Mapper("IMS.example.net").Map(Identity("alice@gmail.com")));
    }

    [Fact]
    public void Map_accepts_plus_addressing_and_every_user_unreserved_mark()
    {
        Assert.Equal(new SipUser("a+b-c_d.e!f~g*h'i(j)k&l=m$n,o;p?q/r", "x.org"), Mapper().Map(Identity("a+b-c_d.e!f~g*h'i(j)k&l=m$n,o;p?q/r@x.org")));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("@example.com")]
    [InlineData("alice@")]
    [InlineData("alice@@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("\"alice smith\"@example.com")]
    [InlineData("alice smith@example.com")]
    [InlineData("alice%40x@example.com")]
    [InlineData("alice:1@example.com")]
    [InlineData("al#ice@example.com")]
    [InlineData("alicé@example.com")]
    [InlineData("alice@exämple.com")]
    [InlineData("alice@example..com")]
    [InlineData("alice@-example.com")]
    [InlineData("alice@example-.com")]
    [InlineData("alice@exa_mple.com")]
    [InlineData("alice@[127.0.0.1]")]
    [InlineData("alice@example.com:5060")]
    [InlineData("")]
    public void Map_refuses_an_address_that_cannot_be_a_sip_uri_unescaped(string email)
    {
        Assert.Null(Mapper().Map(Identity(email)));
    }

    [Fact]
    public void Map_refuses_a_local_part_longer_than_64_characters()
    {
        Assert.NotNull(Mapper().Map(Identity(new string('a', 64) + "@example.com")));
        Assert.Null(Mapper().Map(Identity(new string('a', 65) + "@example.com")));
    }

    [Fact]
    public void Map_still_checks_the_email_domain_when_the_sip_domain_is_fixed()
    {
        Assert.Null(Mapper("ims.example.net").Map(Identity("alice@exa mple.com")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ims example.net")]
    [InlineData("sip:ims.example.net")]
    public void Constructor_rejects_a_sip_domain_that_is_not_a_host_name(string domain)
    {
        Assert.Throws<OptionsValidationException>(() => Mapper(domain));
    }

    [Property]
    public Property Any_address_of_allowed_characters_maps_back_to_its_parts()
    {
        var user = Gen.Elements(UserAlphabet.ToCharArray()).NonEmptyListOf().Where(l => l.Count <= 64).Select(l => string.Concat(l));
        var label = Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray()).NonEmptyListOf().Where(l => l.Count <= 20).Select(l => string.Concat(l));
        var domain = label.NonEmptyListOf().Where(l => l.Count <= 5).Select(l => string.Join('.', l));
        var pairs = user.Zip(domain).ToArbitrary();
        return Prop.ForAll(pairs, pair => Mapper().Map(Identity($"{pair.Item1}@{pair.Item2}")) == new SipUser(pair.Item1, pair.Item2));
    }

    [Property]
    public Property A_local_part_with_any_character_outside_the_sip_user_set_is_refused()
    {
        var forbidden = Gen.Choose(0x20, 0x7e).Select(c => (char)c).Where(c => !UserAlphabet.Contains(c, StringComparison.Ordinal) && c != '@');
        var cases = Gen.Elements(UserAlphabet.ToCharArray()).ListOf().Select(l => string.Concat(l))
            .Zip(forbidden)
            .SelectMany(p => Gen.Choose(0, p.Item1.Length).Select(at => p.Item1.Insert(at, p.Item2.ToString())))
            .ToArbitrary();
        return Prop.ForAll(cases, local => Mapper().Map(Identity(local + "@example.com")) is null);
    }
}
