namespace Rethink.Ims.Credentials;

/// <summary>
/// The shared secrets, newest first: the newest signs new credentials, every one is tried on verification.
/// Thread-safe. Secrets never appear in <see cref="object.ToString"/>, logs or exceptions.
/// </summary>
public sealed class SecretRing
{
    /// <summary>Creates a ring from secrets ordered newest first.</summary>
    public SecretRing(IEnumerable<string> secretsNewestFirst) => throw new NotImplementedException();

    /// <summary>Number of secrets held.</summary>
    public int Count => throw new NotImplementedException();

    /// <summary>Adds a secret as the newest one.</summary>
    public void Add(string secret) => throw new NotImplementedException();

    /// <summary>Atomically replaces every secret (used on configuration reload).</summary>
    public void Replace(IEnumerable<string> secretsNewestFirst) => throw new NotImplementedException();
}
