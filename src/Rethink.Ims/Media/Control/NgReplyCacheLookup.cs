namespace Rethink.Ims.Media.Control;

/// <summary>What <see cref="NgReplyCache.Begin"/> found for a cookie.</summary>
internal enum NgReplyCacheLookup
{
    /// <summary>Not seen: the caller executes the command and then calls Complete or Abandon.</summary>
    New,

    /// <summary>Seen and still executing: drop this copy; the reply goes out when the command ends.</summary>
    InProgress,

    /// <summary>Seen and answered: send the cached reply again.</summary>
    Replay,
}
