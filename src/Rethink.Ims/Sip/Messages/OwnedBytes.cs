namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// The owner of a message parsed from an array made for it alone (a UDP response): nothing to give back on disposal, and
/// nothing else writes to the bytes, so a reader may keep the message itself instead of a copy
/// (<see cref="SipMessageCopy.KeepPastDisposal"/>).
/// </summary>
internal sealed class OwnedBytes : IDisposable
{
    public static readonly OwnedBytes Instance = new();

    private OwnedBytes()
    {
    }

    public void Dispose()
    {
    }
}
