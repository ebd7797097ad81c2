namespace Transports.Bench;

/// <summary>Bad input from the user: reported as one line, exit code 2, never a stack trace.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
        : this("usage error")
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
