namespace Rethink.Ims.IntegrationTests.Browser;

/// <summary>A browser command failed or gave no answer in time; the message carries the browser log.</summary>
public sealed class BrowserCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BrowserCommandException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BrowserCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public BrowserCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
