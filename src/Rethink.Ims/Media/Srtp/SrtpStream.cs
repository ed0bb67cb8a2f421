namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// Per-SSRC state of one kind (SRTP or SRTCP) inside an <see cref="SrtpContext"/>: its own cipher
/// instance, rollover/index state and replay window, all guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class SrtpStream : IDisposable
{
    public SrtpStream(ISrtpCipher cipher, int replayWindowSize)
    {
        Cipher = cipher;
        Replay = new SrtpReplayWindow(replayWindowSize);
    }

    public Lock Gate { get; } = new();

    public ISrtpCipher Cipher { get; }

    /// <summary>Receiver side: accepted indices; its highest gives ROC and s_l.</summary>
    public SrtpReplayWindow Replay { get; }

    public uint Ssrc { get; set; }

    /// <summary>The rollover counter to assume until the first packet sets s_l.</summary>
    public uint InitialRolloverCounter { get; set; }

    /// <summary>Sender side: true once a packet was protected.</summary>
    public bool SenderStarted { get; set; }

    /// <summary>Sender side: highest SRTP index protected.</summary>
    public ulong SenderHighest { get; set; }

    /// <summary>Sender side: next SRTCP index.</summary>
    public ulong NextRtcpIndex { get; set; }

    public bool Disposed { get; private set; }

    public void Reset(uint ssrc)
    {
        Ssrc = ssrc;
        InitialRolloverCounter = 0;
        SenderStarted = false;
        SenderHighest = 0;
        NextRtcpIndex = 0;
        Replay.Reset();
    }

    public void Dispose()
    {
        if (!Disposed)
        {
            Disposed = true;
            Cipher.Dispose();
        }
    }
}
