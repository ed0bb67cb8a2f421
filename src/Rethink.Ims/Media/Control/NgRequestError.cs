namespace Rethink.Ims.Media.Control;

/// <summary>Why <see cref="NgRequest.TryParse"/> refused a dictionary.</summary>
/// <param name="Kind">The reason.</param>
/// <param name="Key">The key concerned, in its canonical spelling, when there is one.</param>
public readonly record struct NgRequestError(NgRequestErrorKind Kind, string? Key)
{
    /// <summary>No error.</summary>
    public static NgRequestError None => default;

    /// <summary>The text for an ng <c>error-reason</c>.</summary>
    public string Reason => Kind switch
    {
        NgRequestErrorKind.None => "",
        NgRequestErrorKind.NotADictionary => "Message is not a dictionary",
        NgRequestErrorKind.MissingKey => $"No '{Key}' key in message",
        _ => $"Invalid value for '{Key}'",
    };

    /// <inheritdoc />
    public override string ToString() => Kind == NgRequestErrorKind.None ? "None" : Reason;
}
