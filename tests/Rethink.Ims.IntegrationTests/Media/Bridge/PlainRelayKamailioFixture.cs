namespace Rethink.Ims.IntegrationTests.Media.Bridge;

/// <summary>
/// The bridge behind a real Kamailio whose script anchors every call with the flags a plain SIP deployment uses
/// (no transport change): what <c>rtpengine_manage()</c> does for a call between two SIP phones.
/// </summary>
public sealed class PlainRelayKamailioFixture : BridgeKamailioFixture
{
    /// <summary>Offer and answer alike.</summary>
    public const string PlainFlags = "trust-address replace-origin replace-session-connection";

    protected override string OfferFlagsInUse => PlainFlags;

    protected override string AnswerFlagsInUse => PlainFlags;

    protected override int PortMin => 47000;
}
