using System.Buffers;
using System.Runtime.InteropServices;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Tests.Sip.Messages;

public class SipTextTests
{
    [Fact]
    public void A_slice_of_an_array_is_read_in_place_not_copied()
    {
        var bytes = "xxhello worldyy"u8.ToArray();

        var text = new SipText(bytes.AsMemory(2, 11));

        Assert.Equal("hello world", text.ToString());
        Assert.True(MemoryMarshal.TryGetArray(text.Memory, out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(2, segment.Offset);
        bytes[2] = (byte)'j';
        Assert.Equal("jello world", text.ToString());
    }

    [Fact]
    public void Slices_stay_within_the_text_and_out_of_range_ones_throw()
    {
        var text = new SipText("xxsip:alice@example.comyy"u8.ToArray().AsMemory(2, 21));

        Assert.Equal("alice", text.Slice(4, 5).ToString());
        Assert.Equal("example.com", text[10..].ToString());
        Assert.Equal("", text.Slice(21).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => text.Slice(20, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => text.Slice(22));
        Assert.Throws<ArgumentOutOfRangeException>(() => text.Slice(-1, 1));
        Assert.True(default(SipText).Slice(0, 0).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => default(SipText).Slice(0, 1));
    }

    [Fact]
    public void Empty_and_default_texts_are_equal_and_read_as_empty()
    {
        var empty = new SipText(new byte[4].AsMemory(4, 0));

        Assert.True(empty.IsEmpty);
        Assert.True(empty.Span.IsEmpty);
        Assert.Equal(default, empty);
        Assert.Equal(string.Empty, default(SipText).ToString());
        Assert.True(default(SipText).Memory.IsEmpty);
    }

    [Fact]
    public void A_datagram_outside_any_array_is_copied_once_and_parses_like_the_same_bytes_in_an_array()
    {
        var bytes = SipTestData.Bench("register-ws.txt");
        using IDisposable native0 = new NativeBytes(bytes);
        var native = (NativeBytes)native0;
        Assert.False(MemoryMarshal.TryGetArray<byte>(native.Memory, out _));

        using var fromNative = SipParser.Parse(native.Memory).Message!;
        native.Clear(); // the message holds its own copy, so this does not reach it
        using var fromArray = SipParser.Parse(bytes).Message!;

        Assert.Equal(fromArray.From.Uri.ToString(), fromNative.From.Uri.ToString());
        Assert.Equal(fromArray.TopVia.Branch.ToString(), fromNative.TopVia.Branch.ToString());
        Assert.Equal(fromArray.Contact.ToList().Single().Instance.ToString(), fromNative.Contact.ToList().Single().Instance.ToString());
        Assert.Equal(fromArray.Authorization.ToList().Single().Parameters.GetValue("nonce"u8).ToString(),
            fromNative.Authorization.ToList().Single().Parameters.GetValue("nonce"u8).ToString());
        Assert.Equal(SipMessageWriter.ToArray(fromArray), SipMessageWriter.ToArray(fromNative));
    }

    /// <summary>A <see cref="ReadOnlyMemory{T}"/> that does not hand out its array (as over native memory or a pipe's own blocks).</summary>
    private sealed class NativeBytes(byte[] bytes) : MemoryManager<byte>
    {
        private readonly byte[] _bytes = (byte[])bytes.Clone();

        public void Clear() => _bytes.AsSpan().Clear();

        public override Span<byte> GetSpan() => _bytes;

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
