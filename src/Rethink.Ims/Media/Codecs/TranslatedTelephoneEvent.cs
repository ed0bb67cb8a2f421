namespace Rethink.Ims.Media.Codecs;

/// <summary>A telephone-event report moved to another leg: the RTP timestamp to send it with and the report.</summary>
/// <param name="Timestamp">RTP timestamp on the target leg (the start of the event, or of its segment).</param>
/// <param name="Event">The report with its duration in target clock ticks.</param>
/// <param name="Segment">
/// 0 for an event that fits the 16-bit duration; n when the target duration overflowed it n times and
/// the report belongs to the n-th continuation segment (RFC 4733 section 2.5.1.3), whose timestamp is
/// the start plus n times 0xFFFF.
/// </param>
public readonly record struct TranslatedTelephoneEvent(uint Timestamp, TelephoneEvent Event, int Segment);
