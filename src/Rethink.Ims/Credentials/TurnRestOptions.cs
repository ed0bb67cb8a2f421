namespace Rethink.Ims.Credentials;

/// <summary>Settings for TURN REST credentials (coturn <c>use-auth-secret</c>).</summary>
/// <remarks><see cref="TurnRestCredentials"/> copies these values when it is created; later changes do not reach it.</remarks>
public sealed class TurnRestOptions
{
    /// <summary>Character between timestamp and user (coturn <c>--rest-api-separator</c>). Default <c>:</c>. Must not be a digit.</summary>
    public char Separator { get; set; } = ':';

    /// <summary>Lifetime of credentials made by <see cref="TurnRestCredentials.CreateResponse(string)"/>. Default one day (the REST draft's example).</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>TURN/STUN URIs returned in <see cref="TurnRestResponse.Uris"/>, e.g. <c>turn:turn.example.com:3478?transport=udp</c>.</summary>
    public IList<string> Uris { get; } = [];

    /// <summary>Throws when a value cannot work.</summary>
    internal void Validate()
    {
        if (char.IsAsciiDigit(Separator))
        {
            throw new ArgumentOutOfRangeException(nameof(Separator), Separator, "The TURN REST separator must not be a digit: the timestamp could not be told apart.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Ttl, TimeSpan.Zero, nameof(Ttl));
        foreach (string uri in Uris)
        {
            ArgumentException.ThrowIfNullOrEmpty(uri, nameof(Uris));
        }
    }
}
