namespace Rethink.Ims.Sip.Messages;

/// <summary>A typed header value that can be read from the bytes of one value (one list element).</summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface ISipHeaderValue<TSelf>
    where TSelf : struct, ISipHeaderValue<TSelf>
{
    /// <summary>Parses one value; the result keeps slices of <paramref name="value"/>. Never throws on bad input.</summary>
    static abstract bool TryParse(SipText value, out TSelf result);
}
