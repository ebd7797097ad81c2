using System.Diagnostics;
using System.Globalization;

namespace Transports.Charts;

/// <summary>Converts an SVG file to PNG with rsvg-convert (Debian package librsvg2-bin).</summary>
public sealed class RsvgConverter
{
    public const string ToolName = "rsvg-convert";

    public const string MissingMessage = "PNG skipped: rsvg-convert is not on PATH (Debian/Ubuntu: apt-get install librsvg2-bin).";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public RsvgConverter(string executablePath) => ExecutablePath = executablePath;

    public string ExecutablePath { get; }

    /// <summary>The converter found on PATH (or on <paramref name="searchPath"/>), or null when there is none.</summary>
    public static RsvgConverter? Find(string? searchPath = null)
    {
        searchPath ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, ToolName);
            if (File.Exists(candidate))
            {
                return new RsvgConverter(candidate);
            }
        }

        return null;
    }

    /// <summary>Writes <paramref name="pngPath"/> at the given size; throws <see cref="InvalidOperationException"/> with rsvg-convert's message when it fails.</summary>
    public async Task ConvertAsync(string svgPath, string pngPath, int width, int height, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--width");
        start.ArgumentList.Add(width.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--height");
        start.ArgumentList.Add(height.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--format");
        start.ArgumentList.Add("png");
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add(pngPath);
        start.ArgumentList.Add(svgPath);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var error = (await stderr).Trim();
            await stdout;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{ToolName} failed on {svgPath} (exit {process.ExitCode}): {error}");
            }
        }
        catch (OperationCanceledException)
        {
            // Never leave a hung converter behind.
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
