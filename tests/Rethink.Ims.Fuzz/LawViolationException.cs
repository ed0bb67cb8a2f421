namespace Rethink.Ims.Fuzz;

/// <summary>Thrown by a target when an input breaks one of the laws the target checks.</summary>
internal sealed class LawViolationException(string message) : Exception(message);
