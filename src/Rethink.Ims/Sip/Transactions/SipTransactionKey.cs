namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// The matching key of a transaction. RFC 3261 server: branch, sent-by, method (ACK and CANCEL's target use INVITE);
/// RFC 2543 server: the §17.2.3 fields joined in <see cref="Id"/>, empty <see cref="SentBy"/>; client: branch and CSeq method.
/// </summary>
internal readonly record struct SipTransactionKey(string Id, string SentBy, string Method);
