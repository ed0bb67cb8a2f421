using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Provisioning;

namespace Rethink.Ims.Tests.Provisioning;

public class BearerTokenTests
{
    [Theory]
    [InlineData("Bearer abc.def.ghi", "abc.def.ghi")]
    [InlineData("Bearer: abc.def.ghi", "abc.def.ghi")] // the original browser client's form
    [InlineData("bearer abc", "abc")]
    [InlineData("BEARER:   abc  ", "abc")]
    [InlineData("Bearer\tabc", "abc")]
    public void Reads_the_token_of_both_bearer_forms(string header, string expected)
    {
        Assert.True(BearerToken.TryRead(header, out var token));
        Assert.Equal(expected, token);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer:")]
    [InlineData("abc.def.ghi")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer a b")]
    [InlineData("Bearer:: abc")]
    public void Refuses_headers_without_exactly_one_bearer_token(string? header) =>
        Assert.False(BearerToken.TryRead(header, out _));

    [Property]
    public Property Any_token_without_whitespace_round_trips_through_both_forms() =>
        Prop.ForAll(
            ArbMap.Default.ArbFor<NonEmptyString>().Filter(s => !s.Get.Any(char.IsWhiteSpace)),
            token =>
                BearerToken.TryRead("Bearer " + token.Get, out var a) && a == token.Get &&
                BearerToken.TryRead("Bearer: " + token.Get, out var b) && b == token.Get);
}
