namespace Rethink.Ims.Media.Sdp;

/// <summary>Text form of <see cref="DtlsSetup"/> and the RFC 5763 answer rule.</summary>
public static class DtlsSetupExtensions
{
    /// <summary>The attribute value: <c>actpass</c>, <c>active</c>, <c>passive</c> or <c>holdconn</c>.</summary>
    public static string ToAttributeValue(this DtlsSetup setup) => setup switch
    {
        DtlsSetup.ActPass => "actpass",
        DtlsSetup.Active => "active",
        DtlsSetup.Passive => "passive",
        DtlsSetup.HoldConn => "holdconn",
        _ => throw new ArgumentOutOfRangeException(nameof(setup), setup, "Not a DTLS setup role."),
    };

    /// <summary>The attribute line, for example <c>a=setup:passive</c>.</summary>
    public static SdpAttributeLine ToAttribute(this DtlsSetup setup) => new(SdpAttributeNames.Setup, setup.ToAttributeValue());

    /// <summary>Reads an <c>a=setup</c> value (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? value, out DtlsSetup setup)
    {
        var text = value?.Trim();
        foreach (var candidate in (ReadOnlySpan<DtlsSetup>)[DtlsSetup.ActPass, DtlsSetup.Active, DtlsSetup.Passive, DtlsSetup.HoldConn])
        {
            if (string.Equals(text, candidate.ToAttributeValue(), StringComparison.OrdinalIgnoreCase))
            {
                setup = candidate;
                return true;
            }
        }

        setup = DtlsSetup.ActPass;
        return false;
    }

    /// <summary>
    /// The role an answerer takes (RFC 5763 §5): the opposite of an offered <c>active</c> or
    /// <c>passive</c>; for <c>actpass</c> or no attribute, <paramref name="preferred"/> (which must be
    /// <c>active</c> or <c>passive</c>; anything else means passive).
    /// </summary>
    public static DtlsSetup AnswerTo(this DtlsSetup? offered, DtlsSetup preferred) => offered switch
    {
        DtlsSetup.Active => DtlsSetup.Passive,
        DtlsSetup.Passive => DtlsSetup.Active,
        DtlsSetup.HoldConn => DtlsSetup.HoldConn,
        _ => preferred == DtlsSetup.Active ? DtlsSetup.Active : DtlsSetup.Passive,
    };
}
