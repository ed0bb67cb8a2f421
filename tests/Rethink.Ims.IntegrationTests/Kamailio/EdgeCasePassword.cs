namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>Which password an edge case sends with its username.</summary>
public enum EdgeCasePassword
{
    /// <summary>The right one: <see cref="HmacOracle"/> under the server's newest secret.</summary>
    Correct,

    /// <summary>A well-formed password of the right length, signed with a secret the server does not have.</summary>
    WrongSecret,

    /// <summary>The right password with its trailing <c>=</c> padding removed.</summary>
    Unpadded,

    /// <summary>The empty string.</summary>
    Empty,

    /// <summary>The right HMAC but computed with SHA1 (a password of another length), for a server configured with another hash.</summary>
    Sha1Instead,
}
