namespace Rethink.Ims.Media.Control;

/// <summary>What <see cref="BencodeReader"/> refused and at which byte offset of its input.</summary>
/// <param name="Kind">The reason.</param>
/// <param name="Offset">The offset where the reader noticed; never quotes the input.</param>
public readonly record struct BencodeReadError(BencodeErrorKind Kind, int Offset)
{
    /// <summary>No error.</summary>
    public static BencodeReadError None => default;

    /// <inheritdoc />
    public override string ToString() => Kind == BencodeErrorKind.None ? "None" : $"{Kind} at offset {Offset}";
}
