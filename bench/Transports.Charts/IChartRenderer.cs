namespace Transports.Charts;

/// <summary>Turns a chart model into a file's text; the SVG renderer is one backend, another could replace it.</summary>
public interface IChartRenderer
{
    /// <summary>The file extension of the output, with its dot (".svg").</summary>
    string FileExtension { get; }

    string Render(ChartModel model);
}
