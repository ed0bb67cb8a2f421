namespace Rethink.Ims.Fuzz;

/// <summary>
/// One fuzzed parser: <see cref="Run"/> feeds it one input and throws when something is wrong (an
/// exception escaping the parser, or a broken law such as "what we write parses back the same");
/// SharpFuzz reports any exception to afl-fuzz as a crash.
/// </summary>
internal sealed record FuzzTarget(string Name, Action<byte[]> Run, Func<IEnumerable<byte[]>> Seeds);
