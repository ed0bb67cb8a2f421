namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// A final response a server transaction keeps for retransmissions (RFC 3261 §17.2): its serialized bytes and where they go
/// (RFC 3261 §18.2.2 already applied), without the response or request objects, which would otherwise live as long as
/// timer J, H or G runs (32 s over UDP) and reach the oldest GC generation.
/// </summary>
/// <param name="Bytes">The response exactly as first sent; never changed.</param>
/// <param name="Destination">The resolved destination (<see cref="ISipTransactionTransport.ResponseDestination"/>).</param>
internal readonly record struct SipKeptResponse(byte[] Bytes, SipTransactionDestination Destination);
