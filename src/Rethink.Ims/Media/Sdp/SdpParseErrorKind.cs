namespace Rethink.Ims.Media.Sdp;

/// <summary>Why SDP text was refused by <see cref="SdpParser"/>.</summary>
public enum SdpParseErrorKind
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The input is longer than <see cref="SdpParserOptions.MaxLength"/>.</summary>
    TooLarge,

    /// <summary>The input has more lines than <see cref="SdpParserOptions.MaxLines"/>.</summary>
    TooManyLines,

    /// <summary>The input has more m-lines than <see cref="SdpParserOptions.MaxMediaDescriptions"/>.</summary>
    TooManyMediaDescriptions,

    /// <summary>The bytes are not valid UTF-8.</summary>
    InvalidEncoding,

    /// <summary>A line holds a NUL or a bare CR.</summary>
    InvalidCharacter,

    /// <summary>A line is not <c>&lt;letter&gt;=&lt;value&gt;</c>.</summary>
    MalformedLine,

    /// <summary>A line's type letter is not one RFC 8866 defines (RFC 8866 §5: such a description is ignored or rejected).</summary>
    UnknownLineType,

    /// <summary>The first line is not <c>v=</c>.</summary>
    MissingVersion,

    /// <summary>The <c>v=</c> value is not a number.</summary>
    InvalidVersion,

    /// <summary>There is no <c>o=</c> line.</summary>
    MissingOrigin,

    /// <summary>The <c>o=</c> line does not have six fields.</summary>
    InvalidOrigin,

    /// <summary>There is no <c>s=</c> line.</summary>
    MissingSessionName,

    /// <summary>There is no <c>t=</c> line.</summary>
    MissingTiming,

    /// <summary>A <c>t=</c> line is not two numbers.</summary>
    InvalidTiming,

    /// <summary>A <c>c=</c> line does not have three fields.</summary>
    InvalidConnection,

    /// <summary>A <c>b=</c> line is not <c>type:number</c>.</summary>
    InvalidBandwidth,

    /// <summary>An <c>a=</c> line's name is not a token.</summary>
    InvalidAttribute,

    /// <summary>An <c>m=</c> line is not <c>media port[/count] proto fmt...</c> with a port up to 65535.</summary>
    InvalidMedia,

    /// <summary>A line that may appear once appears again in the same section.</summary>
    DuplicateLine,

    /// <summary>A line appears where it is not allowed (a session-only line inside a media section, <c>r=</c> before any <c>t=</c>).</summary>
    MisplacedLine,
}
