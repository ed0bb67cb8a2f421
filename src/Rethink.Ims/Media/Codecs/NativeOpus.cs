using System.Runtime.InteropServices;

namespace Rethink.Ims.Media.Codecs;

/// <summary>
/// The host's libopus (e.g. Debian's <c>libopus0</c>), called through function pointers looked up once: native Opus
/// is several times cheaper per frame than the managed port and allocates nothing. Only on Linux (x64, Arm64), where
/// the variadic <c>opus_*_ctl</c> calls made with fixed integer arguments follow the platform's calling convention;
/// <see cref="IsAvailable"/> is false elsewhere, when no libopus is installed, or when the AppContext switch
/// <c>Rethink.Ims.Media.Codecs.UseManagedOpus</c> is set, and the codecs then use Concentus.
/// </summary>
internal static unsafe class NativeOpus
{
    /// <summary>The AppContext switch that forces the managed codec.</summary>
    public const string UseManagedSwitch = "Rethink.Ims.Media.Codecs.UseManagedOpus";

    // Request codes and constants of the public libopus API (opus_defines.h).
    public const int SetBitrate = 4002;
    public const int SetMaxBandwidth = 4004;
    public const int SetVbr = 4006;
    public const int SetComplexity = 4010;
    public const int SetInbandFec = 4012;
    public const int SetPacketLossPercent = 4014;
    public const int SetDtx = 4016;
    public const int ResetState = 4028;

    private static readonly Library? Loaded = Load();

    /// <summary>Whether a native libopus is used.</summary>
    public static bool IsAvailable => Loaded is not null && !(AppContext.TryGetSwitch(UseManagedSwitch, out var managed) && managed);

    public static nint CreateEncoder(int sampleRate, int channels, int application)
    {
        int error;
        var encoder = Loaded!.EncoderCreate(sampleRate, channels, application, &error);
        return error == 0 ? encoder : throw new ArgumentException($"libopus refused the encoder settings (error {error}).");
    }

    public static int EncoderCtl(nint encoder, int request, int value) => Loaded!.EncoderCtl(encoder, request, value);

    public static int EncoderReset(nint encoder) => Loaded!.EncoderCtl(encoder, ResetState, 0);

    public static int Encode(nint encoder, ReadOnlySpan<short> pcm, int frameSize, Span<byte> payload, int maxBytes)
    {
        fixed (short* input = pcm)
        fixed (byte* output = payload)
        {
            return Loaded!.Encode(encoder, input, frameSize, output, maxBytes);
        }
    }

    public static void DestroyEncoder(nint encoder) => Loaded!.EncoderDestroy(encoder);

    public static nint CreateDecoder(int sampleRate, int channels)
    {
        int error;
        var decoder = Loaded!.DecoderCreate(sampleRate, channels, &error);
        return error == 0 ? decoder : throw new ArgumentException($"libopus refused the decoder settings (error {error}).");
    }

    /// <summary>Decodes (an empty payload conceals); the samples per channel, or a negative libopus error.</summary>
    public static int Decode(nint decoder, ReadOnlySpan<byte> payload, Span<short> pcm, int frameSize, bool fec)
    {
        fixed (byte* input = payload)
        fixed (short* output = pcm)
        {
            return Loaded!.Decode(decoder, payload.IsEmpty ? null : input, payload.Length, output, frameSize, fec ? 1 : 0);
        }
    }

    public static int DecoderReset(nint decoder) => Loaded!.DecoderCtl(decoder, ResetState, 0);

    public static void DestroyDecoder(nint decoder) => Loaded!.DecoderDestroy(decoder);

    private static Library? Load()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["libopus.so.0", "libopus.so"])
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                try
                {
                    return new Library(handle);
                }
                catch (EntryPointNotFoundException)
                {
                    NativeLibrary.Free(handle);
                }
            }
        }

        return null;
    }

    private sealed class Library(nint handle)
    {
        public readonly delegate* unmanaged<int, int, int, int*, nint> EncoderCreate =
            (delegate* unmanaged<int, int, int, int*, nint>)NativeLibrary.GetExport(handle, "opus_encoder_create");

        public readonly delegate* unmanaged<nint, short*, int, byte*, int, int> Encode =
            (delegate* unmanaged<nint, short*, int, byte*, int, int>)NativeLibrary.GetExport(handle, "opus_encode");

        public readonly delegate* unmanaged<nint, int, int, int> EncoderCtl =
            (delegate* unmanaged<nint, int, int, int>)NativeLibrary.GetExport(handle, "opus_encoder_ctl");

        public readonly delegate* unmanaged<nint, void> EncoderDestroy =
            (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(handle, "opus_encoder_destroy");

        public readonly delegate* unmanaged<int, int, int*, nint> DecoderCreate =
            (delegate* unmanaged<int, int, int*, nint>)NativeLibrary.GetExport(handle, "opus_decoder_create");

        public readonly delegate* unmanaged<nint, byte*, int, short*, int, int, int> Decode =
            (delegate* unmanaged<nint, byte*, int, short*, int, int, int>)NativeLibrary.GetExport(handle, "opus_decode");

        public readonly delegate* unmanaged<nint, int, int, int> DecoderCtl =
            (delegate* unmanaged<nint, int, int, int>)NativeLibrary.GetExport(handle, "opus_decoder_ctl");

        public readonly delegate* unmanaged<nint, void> DecoderDestroy =
            (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(handle, "opus_decoder_destroy");
    }
}
