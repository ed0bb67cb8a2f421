using System.Security.Cryptography;
using System.Text;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.IntegrationTests.Kamailio;

/// <summary>
/// Computes auth_ephemeral passwords straight from System.Security.Cryptography, independently of
/// Rethink.Ims: base64(HMAC-hash(key = secret, message = whole username)). It lets the harness prove
/// itself against Kamailio without trusting the code under test.
/// </summary>
public static class HmacOracle
{
    /// <summary>The password Kamailio expects for <paramref name="username"/> under <paramref name="secret"/>.</summary>
    public static string Password(string secret, string username, EphemeralHashAlgorithm algorithm)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var message = Encoding.UTF8.GetBytes(username);
        var mac = algorithm switch
        {
            // SHA1 is what auth_ephemeral and TURN REST use by default: compatibility, not a choice.
#pragma warning disable CA5350
            EphemeralHashAlgorithm.Sha1 => HMACSHA1.HashData(key, message),
#pragma warning restore CA5350
            EphemeralHashAlgorithm.Sha256 => HMACSHA256.HashData(key, message),
            EphemeralHashAlgorithm.Sha384 => HMACSHA384.HashData(key, message),
            EphemeralHashAlgorithm.Sha512 => HMACSHA512.HashData(key, message),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        return Convert.ToBase64String(mac);
    }
}
