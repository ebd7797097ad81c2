namespace Transports.Bench;

/// <summary>Finds the repository (the folder holding Transports.sln) so default paths work from anywhere in it.</summary>
public static class RepositoryPaths
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Transports.sln")))
            {
                return directory.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }

    public static string ResultsDirectory() => Path.Combine(Root(), "results");

    public static string BaselinePath() => Path.Combine(ResultsDirectory(), "baseline.json");
}
