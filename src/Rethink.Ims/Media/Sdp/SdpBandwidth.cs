namespace Rethink.Ims.Media.Sdp;

/// <summary>A <c>b=</c> line: <c>b=bwtype:bandwidth</c>, for example <c>b=AS:64</c> or <c>b=TIAS:64000</c>.</summary>
public sealed record SdpBandwidth
{
    private readonly string type = "AS";

    /// <summary>Creates a bandwidth line; throws <see cref="ArgumentException"/> when the type is not a token.</summary>
    public SdpBandwidth(string type, ulong value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The bandwidth type (<c>AS</c>, <c>CT</c>, <c>TIAS</c>, <c>RS</c>, <c>RR</c>, ...).</summary>
    public string Type { get => type; init => type = SdpSyntax.RequireToken(value, nameof(Type)); }

    /// <summary>The bandwidth, in the unit the type defines (kbit/s for <c>AS</c>, bit/s for <c>TIAS</c>).</summary>
    public ulong Value { get; init; }
}
