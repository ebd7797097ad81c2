namespace Transports.Results;

/// <summary>Writes a whole file through a temporary one, so a crash never leaves half an output behind.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents)
    {
        ArgumentNullException.ThrowIfNull(path);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, contents);
        File.Move(temporary, path, overwrite: true);
    }
}
