namespace Transports.Tests.Cli;

/// <summary>The repository the tests were built from (the folder holding Transports.sln).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Transports.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the tests are not inside the repository");
    }
}
