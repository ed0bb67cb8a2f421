namespace Rethink.Ims.Media.Control;

/// <summary>Why <see cref="BencodeReader"/> refused its input.</summary>
public enum BencodeErrorKind
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The input is longer than <see cref="BencodeReaderOptions.MaxInputLength"/>.</summary>
    InputTooLarge,

    /// <summary>The input ended inside a value (or was empty).</summary>
    Truncated,

    /// <summary>A byte that cannot start a value, or a missing <c>:</c> or <c>e</c>.</summary>
    UnexpectedByte,

    /// <summary>An integer that is empty, has a leading zero, is <c>-0</c> or holds a non-digit.</summary>
    InvalidInteger,

    /// <summary>An integer outside the signed 64-bit range.</summary>
    IntegerOverflow,

    /// <summary>A string length with a leading zero or a non-digit.</summary>
    InvalidLength,

    /// <summary>A string longer than <see cref="BencodeReaderOptions.MaxStringLength"/>.</summary>
    StringTooLong,

    /// <summary>Lists and dictionaries nested deeper than <see cref="BencodeReaderOptions.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>More values in total than <see cref="BencodeReaderOptions.MaxItems"/>.</summary>
    TooManyItems,

    /// <summary>A dictionary key that is not a byte string.</summary>
    KeyNotString,

    /// <summary>The same key twice in one dictionary.</summary>
    DuplicateKey,

    /// <summary>Bytes left over after the value.</summary>
    TrailingData,
}
