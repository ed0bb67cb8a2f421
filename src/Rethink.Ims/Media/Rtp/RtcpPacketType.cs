namespace Rethink.Ims.Media.Rtp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611).</summary>
public enum RtcpPacketType
{
    /// <summary>Sender report (SR).</summary>
    SenderReport = 200,

    /// <summary>Receiver report (RR).</summary>
    ReceiverReport = 201,

    /// <summary>Source description (SDES).</summary>
    SourceDescription = 202,

    /// <summary>Goodbye (BYE).</summary>
    Goodbye = 203,

    /// <summary>Application-defined (APP).</summary>
    ApplicationDefined = 204,

    /// <summary>Transport-layer feedback (RTPFB, RFC 4585): NACK, TWCC, ...; passed through raw.</summary>
    TransportFeedback = 205,

    /// <summary>Payload-specific feedback (PSFB, RFC 4585): PLI, FIR, REMB, ...; passed through raw.</summary>
    PayloadSpecificFeedback = 206,

    /// <summary>Extended report (XR, RFC 3611); passed through raw.</summary>
    ExtendedReport = 207,
}
