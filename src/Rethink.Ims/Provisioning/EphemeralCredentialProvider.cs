using Microsoft.Extensions.Options;
using Rethink.Ims.Credentials;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Provisioning;

/// <summary>
/// The default <see cref="IEphemeralCredentialProvider"/>: signs <c>&lt;expiry&gt;:&lt;user&gt;</c> with the current
/// secret and returns it as the original service did, with <c>@&lt;domain&gt;</c> appended to the username.
/// </summary>
public sealed class EphemeralCredentialProvider : IEphemeralCredentialProvider
{
    private readonly EphemeralCredentialGenerator _generator;
    private readonly IOptionsMonitor<EphemeralAuthOptions> _options;

    /// <summary>Creates the provider.</summary>
    public EphemeralCredentialProvider(EphemeralCredentialGenerator generator, IOptionsMonitor<EphemeralAuthOptions> options)
    {
        _generator = generator;
        _options = options;
    }

    /// <inheritdoc />
    public CredentialResponse Issue(SipUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var options = _options.CurrentValue;
        var domain = user.Domain;
        var credential = _generator.Generate(user.User, TimeSpan.FromSeconds(options.TtlSeconds));
        return new CredentialResponse
        {
            Username = $"{credential.Username}@{domain}",
            Password = credential.Password,
            Ttl = options.TtlSeconds,
            Uris = [.. options.Uris],
            SipUri = $"sip:{user.User}@{domain}",
            AuthorizationUser = credential.Username,
            Realm = string.IsNullOrEmpty(options.Realm) ? domain : options.Realm,
            Expires = credential.Expires,
        };
    }
}
