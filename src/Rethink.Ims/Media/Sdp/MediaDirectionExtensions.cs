namespace Rethink.Ims.Media.Sdp;

/// <summary>Operations on <see cref="MediaDirection"/> used by offer/answer (RFC 3264 §6.1).</summary>
public static class MediaDirectionExtensions
{
    /// <summary>The attribute name: <c>sendrecv</c>, <c>sendonly</c>, <c>recvonly</c> or <c>inactive</c>.</summary>
    public static string ToAttributeName(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendRecv => SdpAttributeNames.SendRecv,
        MediaDirection.SendOnly => SdpAttributeNames.SendOnly,
        MediaDirection.RecvOnly => SdpAttributeNames.RecvOnly,
        MediaDirection.Inactive => SdpAttributeNames.Inactive,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Not a media direction."),
    };

    /// <summary>The attribute line for this direction, for example <c>a=sendonly</c>.</summary>
    public static SdpAttributeLine ToAttribute(this MediaDirection direction) => new(direction.ToAttributeName());

    /// <summary>The same stream seen from the other side: sendonly and recvonly swap.</summary>
    public static MediaDirection Reverse(this MediaDirection direction) =>
        (MediaDirection)((((int)direction & 1) << 1) | (((int)direction & 2) >> 1));

    /// <summary>What both allow: sendrecv with recvonly is recvonly, sendonly with recvonly is inactive.</summary>
    public static MediaDirection Intersect(this MediaDirection direction, MediaDirection other) =>
        (MediaDirection)((int)direction & (int)other & 3);

    /// <summary>Whether this side sends.</summary>
    public static bool CanSend(this MediaDirection direction) => ((int)direction & 1) != 0;

    /// <summary>Whether this side receives.</summary>
    public static bool CanReceive(this MediaDirection direction) => ((int)direction & 2) != 0;

    /// <summary>Reads a direction attribute name; false for any other name.</summary>
    public static bool TryParse(string? attributeName, out MediaDirection direction)
    {
        switch (attributeName)
        {
            case SdpAttributeNames.SendRecv: direction = MediaDirection.SendRecv; return true;
            case SdpAttributeNames.SendOnly: direction = MediaDirection.SendOnly; return true;
            case SdpAttributeNames.RecvOnly: direction = MediaDirection.RecvOnly; return true;
            case SdpAttributeNames.Inactive: direction = MediaDirection.Inactive; return true;
            default: direction = MediaDirection.SendRecv; return false;
        }
    }
}
