namespace Rethink.Ims.Credentials;

/// <summary>Issues ephemeral credentials signed with the newest secret of a <see cref="SecretRing"/>.</summary>
public sealed class EphemeralCredentialGenerator
{
    /// <summary>Creates a generator.</summary>
    public EphemeralCredentialGenerator(SecretRing secrets, EphemeralCredentialOptions options, TimeProvider time) =>
        throw new NotImplementedException();

    /// <summary>Issues a credential for <paramref name="user"/> (e.g. <c>alice</c> or <c>alice@example.com</c>) that expires <paramref name="ttl"/> from now.</summary>
    public EphemeralCredential Generate(string user, TimeSpan ttl) => throw new NotImplementedException();
}
