namespace Rethink.Ims.Identity;

/// <summary>
/// Thrown by <see cref="KeySetFetchHandler"/> through Google.Apis.Auth's certificate cache when no usable key set
/// could be had, so that the validator can tell a key problem from a token problem by type rather than by message.
/// </summary>
internal sealed class KeySetUnavailableException : Exception
{
    public KeySetUnavailableException()
    {
    }

    public KeySetUnavailableException(string message)
        : base(message)
    {
    }

    public KeySetUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KeySetUnavailableException(string message, bool noUsableKey)
        : base(message) => NoUsableKey = noUsableKey;

    /// <summary>
    /// The key set was fetched but holds no key for the token's algorithm: nothing could verify the signature,
    /// which is the token's fault, not the provider's.
    /// </summary>
    public bool NoUsableKey { get; }
}
