namespace Rethink.Ims.Sip.Messages;

/// <summary>What to do with bytes that failed to parse.</summary>
public enum SipErrorDisposition
{
    /// <summary>Discard silently: a response, or a request without enough headers (Via, CSeq) to answer.</summary>
    Drop = 0,

    /// <summary>
    /// Answer with <see cref="SipParseFailure.StatusCode"/> and <see cref="SipParseFailure.ReasonPhrase"/>,
    /// built from <see cref="SipParseFailure.Request"/>; send it to the source address of the bytes.
    /// </summary>
    Respond = 1,
}
