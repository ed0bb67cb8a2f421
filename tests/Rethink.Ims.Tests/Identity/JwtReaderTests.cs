using Rethink.Ims.Identity;

namespace Rethink.Ims.Tests.Identity;

public class JwtReaderTests
{
    private const string Header = """{"alg":"RS256","kid":"k1"}""";
    private const string Payload = """{"iss":"i","aud":"a","sub":"s","iat":1700000000,"exp":1700003600,"email":"e@x.org","email_verified":true,"hd":"x.org"}""";

    [Fact]
    public void Reads_header_and_claims_of_a_well_formed_token()
    {
        var claims = JwtReader.TryRead(TestJwt.Raw(Header, Payload), out var error);

        Assert.Null(error);
        Assert.NotNull(claims);
        Assert.Equal("RS256", claims.Algorithm);
        Assert.Equal("k1", claims.KeyId);
        Assert.Equal("i", claims.Issuer);
        Assert.Equal(["a"], claims.Audiences);
        Assert.Equal("s", claims.Subject);
        Assert.Equal(1_700_000_000, claims.IssuedAt);
        Assert.Equal(1_700_003_600, claims.ExpiresAt);
        Assert.Null(claims.NotBefore);
        Assert.Equal("e@x.org", claims.Email);
        Assert.True(claims.EmailVerified);
        Assert.Equal("x.org", claims.HostedDomain);
    }

    [Fact]
    public void Reads_an_audience_array_and_email_verified_sent_as_a_string()
    {
        var claims = JwtReader.TryRead(TestJwt.Raw(Header, """{"aud":["a","b"],"iat":1,"exp":2,"email_verified":"true"}"""), out _);

        Assert.NotNull(claims);
        Assert.Equal(["a", "b"], claims.Audiences);
        Assert.True(claims.EmailVerified);
    }

    [Theory]
    [InlineData("""{"iat":1,"exp":2}""")]
    [InlineData("""{"iat":1,"exp":2,"email_verified":false}""")]
    [InlineData("""{"iat":1,"exp":2,"email_verified":"false"}""")]
    [InlineData("""{"iat":1,"exp":2,"email_verified":1}""")]
    public void Email_is_unverified_unless_the_claim_says_true(string payload)
    {
        Assert.False(JwtReader.TryRead(TestJwt.Raw(Header, payload), out _)!.EmailVerified);
    }

    [Fact]
    public void Accepts_an_empty_signature_part_so_that_the_algorithm_check_can_refuse_it()
    {
        Assert.NotNull(JwtReader.TryRead(TestJwt.Raw("""{"alg":"none"}""", Payload, ""), out _));
    }

    public static TheoryData<string> MalformedTokens() => new()
    {
        "",
        "abc",
        "a.b",
        "a.b.c.d",
        "." + TestJwt.Part(Payload) + ".c2ln",
        TestJwt.Part(Header) + "..c2ln",
        TestJwt.Part(Header) + "+" + "." + TestJwt.Part(Payload) + ".c2ln",
        TestJwt.Part(Header) + "=." + TestJwt.Part(Payload) + ".c2ln",
        TestJwt.Part(Header) + "." + TestJwt.Part(Payload) + ".c2l/",
        "a" + TestJwt.Part(Header) + "." + TestJwt.Part(Payload) + ".c2ln",
        TestJwt.Raw("not json", Payload),
        TestJwt.Raw("[1]", Payload),
        TestJwt.Raw(Header, "\"text\""),
        TestJwt.Raw("""{"kid":"k"}""", Payload),
        TestJwt.Raw("""{"alg":1}""", Payload),
        TestJwt.Raw("""{"alg":"RS256","alg":"none"}""", Payload),
        TestJwt.Raw("""{"alg":"RS256","crit":["b64"],"b64":false}""", Payload),
        TestJwt.Raw(Header, """{"exp":2}"""),
        TestJwt.Raw(Header, """{"iat":1}"""),
        TestJwt.Raw(Header, """{"iat":1,"exp":"2"}"""),
        TestJwt.Raw(Header, """{"iat":1,"exp":2.5}"""),
        TestJwt.Raw(Header, """{"iat":-1,"exp":2}"""),
        TestJwt.Raw(Header, """{"iat":1,"exp":99999999999999}"""),
        TestJwt.Raw(Header, """{"iat":1,"exp":2,"nbf":"x"}"""),
        TestJwt.Raw(Header, """{"iat":1,"exp":2,"aud":5}"""),
        TestJwt.Raw(Header, """{"iat":1,"exp":2,"aud":["a",5]}"""),
        TestJwt.Raw(Header, """{"iat":1,"exp":2,"iss":["i"]}"""),
        TestJwt.Raw(Header, """{"iat":1,"exp":2,"email":{"a":1}}"""),
        TestJwt.Raw(Header, """{"iat":1,"exp":2,"sub":"a","sub":"b"}"""),
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public void Refuses_a_malformed_token_with_a_reason(string token)
    {
        Assert.Null(JwtReader.TryRead(token, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
