using Microsoft.Extensions.Options;
using Rethink.Ims.Credentials;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Provisioning;

/// <summary>
/// The default <see cref="IEphemeralCredentialProvider"/>: signs <c>&lt;expiry&gt;:&lt;user&gt;</c> with the current
/// secret and returns it as the original service did, with <c>@&lt;domain&gt;</c> appended to the username; adds TURN
/// servers with TURN REST credentials for <c>&lt;user&gt;@&lt;domain&gt;</c> when they are configured.
/// </summary>
public sealed class EphemeralCredentialProvider : IEphemeralCredentialProvider
{
    private readonly EphemeralCredentialGenerator _generator;
    private readonly IOptionsMonitor<EphemeralAuthOptions> _options;
    private readonly TurnRestCredentials? _turn;
    private readonly TimeSpan _turnTtl;
    private readonly string[] _turnUris;

    /// <summary>Creates the provider. TURN settings are read once, here.</summary>
    public EphemeralCredentialProvider(
        EphemeralCredentialGenerator generator, IOptionsMonitor<EphemeralAuthOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _generator = generator;
        _options = options;

        var turn = options.CurrentValue.Turn;
        _turnUris = [.. turn.Uris];
        _turnTtl = TimeSpan.FromSeconds(turn.TtlSeconds);
        if (_turnUris.Length > 0 && !string.IsNullOrEmpty(turn.Secret))
        {
            _turn = new TurnRestCredentials(new SecretRing([turn.Secret]), new TurnRestOptions(), timeProvider);
        }
    }

    /// <inheritdoc />
    public CredentialResponse Issue(SipUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var options = _options.CurrentValue;
        var credential = _generator.Generate(user.User, TimeSpan.FromSeconds(options.TtlSeconds));
        return new CredentialResponse
        {
            Username = $"{credential.Username}@{user.Domain}",
            Password = credential.Password,
            Ttl = options.TtlSeconds,
            Uris = [.. options.Uris],
            SipUri = $"sip:{user.User}@{user.Domain}",
            AuthorizationUser = credential.Username,
            Realm = string.IsNullOrEmpty(options.Realm) ? user.Domain : options.Realm,
            Expires = credential.Expires,
            IceServers = IssueTurn(user),
        };
    }

    private IceServer[]? IssueTurn(SipUser user)
    {
        if (_turn is null)
        {
            return null;
        }

        var credential = _turn.Generate($"{user.User}@{user.Domain}", _turnTtl);
        return [new IceServer(_turnUris, credential.Username, credential.Password)];
    }
}
