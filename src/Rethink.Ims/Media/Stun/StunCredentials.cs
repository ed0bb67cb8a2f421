using System.Security.Cryptography;
using System.Text;

namespace Rethink.Ims.Media.Stun;

/// <summary>MESSAGE-INTEGRITY keys (RFC 8489 §9.1, §9.2).</summary>
public static class StunCredentials
{
    /// <summary>
    /// Short-term key (ICE: the peer's ice-pwd): the UTF-8 password. OpaqueString preparation is not applied;
    /// ICE passwords are ASCII, where it changes nothing.
    /// </summary>
    public static byte[] ShortTermKey(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return Encoding.UTF8.GetBytes(password);
    }

    /// <summary>Long-term key for MESSAGE-INTEGRITY: MD5(username ":" realm ":" password), as RFC 5389 §15.4 defines it.</summary>
    public static byte[] LongTermKey(string username, string realm, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(password);
#pragma warning disable CA5351 // MD5 is what the protocol specifies for this key.
        return MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}:{password}"));
#pragma warning restore CA5351
    }
}
