namespace Rethink.Ims.Media.Control;

/// <summary>Why a bencoded dictionary is not a usable ng request.</summary>
public enum NgRequestErrorKind
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The message is not a dictionary.</summary>
    NotADictionary,

    /// <summary>A key the command needs is absent (<see cref="NgRequestError.Key"/> names it).</summary>
    MissingKey,

    /// <summary>A known key holds the wrong kind of value (<see cref="NgRequestError.Key"/> names it).</summary>
    WrongType,
}
