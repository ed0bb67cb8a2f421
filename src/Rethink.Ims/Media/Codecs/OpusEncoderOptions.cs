namespace Rethink.Ims.Media.Codecs;

/// <summary>Settings of an <see cref="OpusAudioEncoder"/> (mono).</summary>
public sealed record OpusEncoderOptions
{
    /// <summary>
    /// PCM sample rate the encoder takes, in Hz: 8,000, 12,000, 16,000, 24,000 or 48,000 (default).
    /// The RTP clock of Opus stays 48 kHz whatever this is.
    /// </summary>
    public int SampleRate { get; init; } = 48000;

    /// <summary>Target bitrate in bits per second, 6,000 to 510,000. Default 32,000.</summary>
    public int Bitrate { get; init; } = 32000;

    /// <summary>
    /// Encoder complexity, 0 (fastest) to 10 (best quality per bit). Default 5: see
    /// <c>docs/media-codecs.md</c> for what each step costs with the managed Opus encoder.
    /// </summary>
    public int Complexity { get; init; } = 5;

    /// <summary>Tuning. Default <see cref="OpusApplication.Voip"/>.</summary>
    public OpusApplication Application { get; init; } = OpusApplication.Voip;

    /// <summary>
    /// Widest bandwidth the encoder may use; <see langword="null"/> (default) lets it choose from the
    /// bitrate. <see cref="OpusBandwidth.Narrowband"/> suits audio that came from G.711.
    /// </summary>
    public OpusBandwidth? MaxBandwidth { get; init; }

    /// <summary>
    /// Add in-band forward error correction (a low-bitrate copy of the previous frame, SILK modes
    /// only) so a receiver can rebuild a lost packet from the next one. Default <see langword="true"/>.
    /// </summary>
    public bool UseInbandFec { get; init; } = true;

    /// <summary>Expected packet loss in percent, 0 to 100; FEC is only added when this is above 0. Default 5.</summary>
    public int PacketLossPercent { get; init; } = 5;

    /// <summary>Variable bitrate. Default <see langword="true"/>.</summary>
    public bool UseVbr { get; init; } = true;

    /// <summary>Discontinuous transmission: tiny packets during silence. Default <see langword="false"/>.</summary>
    public bool UseDtx { get; init; }
}
