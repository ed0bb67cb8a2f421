using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Rethink.Ims.Sip.Auth;

/// <summary>A thread-safe in-memory <see cref="IStaticCredentialStore"/>: user → password or HA1, per realm.</summary>
public sealed class InMemoryStaticCredentialStore : IStaticCredentialStore
{
    private readonly ConcurrentDictionary<(string Realm, string User), StaticCredential> _users = new(KeyComparer.Instance);

    /// <summary>Number of users held.</summary>
    public int Count => _users.Count;

    /// <summary>Adds or replaces a user.</summary>
    /// <exception cref="ArgumentException"><paramref name="realm"/> or <paramref name="username"/> is empty.</exception>
    public void Set(string realm, string username, StaticCredential credential)
    {
        ArgumentException.ThrowIfNullOrEmpty(realm);
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(credential);
        _users[(realm, username)] = credential;
    }

    /// <summary>Adds or replaces a user with a plain password.</summary>
    public void SetPassword(string realm, string username, string password) => Set(realm, username, StaticCredential.FromPassword(password));

    /// <summary>Removes a user.</summary>
    /// <returns>False when the user was not there.</returns>
    public bool Remove(string realm, string username) => _users.TryRemove((realm, username), out _);

    /// <inheritdoc/>
    public bool TryGetCredential(string realm, string username, [NotNullWhen(true)] out StaticCredential? credential)
    {
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(username);
        return _users.TryGetValue((realm, username), out credential);
    }

    private sealed class KeyComparer : IEqualityComparer<(string Realm, string User)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((string Realm, string User) x, (string Realm, string User) y) =>
            string.Equals(x.Realm, y.Realm, StringComparison.OrdinalIgnoreCase) && string.Equals(x.User, y.User, StringComparison.Ordinal);

        public int GetHashCode((string Realm, string User) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Realm), StringComparer.Ordinal.GetHashCode(obj.User));
    }
}
