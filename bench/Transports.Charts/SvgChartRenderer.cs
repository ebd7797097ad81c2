using System.Xml.Linq;

namespace Transports.Charts;

/// <summary>
/// Draws a <see cref="ChartModel"/> as a standalone SVG (1600x900 by default) meant for slides: every text
/// at least 24 px, one color and one x position per transport, light or dark theme. Elements carry classes
/// and data attributes (panel, axis, bar, line, reference) so tests can check the structure.
/// </summary>
public sealed class SvgChartRenderer : IChartRenderer
{
    public const int DefaultWidth = 1600;
    public const int DefaultHeight = 900;

    /// <summary>No text is drawn smaller, whatever the canvas size: a slide must be readable from the back.</summary>
    public const double MinFontSize = 24;

    /// <summary>Below this canvas, 24 px text leaves too little room for three panels of five transports.</summary>
    public const int MinWidth = 960;

    public const int MinHeight = 540;

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private const string FontFamily = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";
    private const double LabelAngle = 35;

    private readonly ThemeColors _colors;
    private readonly double _scale;
    private readonly double _margin;
    private readonly double _titleFont;
    private readonly double _subtitleFont;
    private readonly double _panelTitleFont;
    private readonly double _axisFont;
    private readonly double _tickFont;
    private readonly double _legendFont;
    private readonly double _valueFont;

    public SvgChartRenderer(ChartTheme theme = ChartTheme.Light, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, MinWidth);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, MinHeight);
        Theme = theme;
        Width = width;
        Height = height;
        _colors = ThemeColors.For(theme);
        _scale = Math.Min(width / (double)DefaultWidth, height / (double)DefaultHeight);
        _margin = Math.Max(16, 28 * _scale);
        _titleFont = Font(44);
        _subtitleFont = Font(27);
        _panelTitleFont = Font(29);
        _axisFont = Font(26);
        _tickFont = Font(24);
        _legendFont = Font(26);
        _valueFont = Font(24);
    }

    public ChartTheme Theme { get; }

    public int Width { get; }

    public int Height { get; }

    public string FileExtension => ".svg";

    public string Render(ChartModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var root = new XElement(
            Svg + "svg",
            new XAttribute("width", Width),
            new XAttribute("height", Height),
            new XAttribute("viewBox", $"0 0 {Width} {Height}"),
            new XAttribute("font-family", FontFamily),
            new XAttribute("class", "chart"),
            new XAttribute("data-chart", model.Id),
            new XAttribute("data-theme", Theme == ChartTheme.Dark ? "dark" : "light"),
            new XElement(Svg + "title", string.IsNullOrEmpty(model.Subtitle) ? model.Title : $"{model.Title} ({model.Subtitle})"),
            new XElement(
                Svg + "rect",
                new XAttribute("class", "background"),
                new XAttribute("width", Width),
                new XAttribute("height", Height),
                new XAttribute("fill", _colors.Background)));

        var y = _margin;
        foreach (var line in TextMetrics.Wrap(model.Title, _titleFont, Width - (2 * _margin), bold: true))
        {
            y += _titleFont;
            root.Add(Text("title", _margin, y, line, _titleFont, _colors.Foreground, weight: "700"));
        }

        if (!string.IsNullOrEmpty(model.Subtitle))
        {
            y += _subtitleFont * 0.35;
            foreach (var line in TextMetrics.Wrap(model.Subtitle, _subtitleFont, Width - (2 * _margin)))
            {
                y += _subtitleFont * 1.2;
                root.Add(Text("subtitle", _margin, y, line, _subtitleFont, _colors.Muted));
            }
        }

        y = DrawLegend(root, model.Legend, y + (_legendFont * 0.6));
        DrawPanels(root, model.Panels, y + (16 * _scale), Height - _margin);
        return root.ToString();
    }

    private double Font(double size) => Math.Max(MinFontSize, Math.Round(size * _scale));

    private double DrawLegend(XElement root, IReadOnlyList<LegendEntry> entries, double top)
    {
        if (entries.Count == 0)
        {
            return top;
        }

        var legend = new XElement(Svg + "g", new XAttribute("class", "legend"));
        var symbolWidth = 44 * _scale;
        var rowHeight = _legendFont * 1.5;
        var x = _margin;
        var rowTop = top;
        foreach (var entry in entries)
        {
            var itemWidth = symbolWidth + (10 * _scale) + TextMetrics.Width(entry.Label, _legendFont);
            if (x > _margin && x + itemWidth > Width - _margin)
            {
                x = _margin;
                rowTop += rowHeight;
            }

            var middle = rowTop + (rowHeight / 2);
            var item = new XElement(Svg + "g", new XAttribute("class", "legend-item"), new XAttribute("data-key", entry.ColorKey ?? ""));
            item.Add(LegendSymbolElement(entry, x, middle, symbolWidth));
            item.Add(Text("legend-label", x + symbolWidth + (10 * _scale), middle + (_legendFont * 0.35), entry.Label, _legendFont, _colors.Foreground));
            legend.Add(item);
            x += itemWidth + (40 * _scale);
        }

        root.Add(legend);
        return rowTop + rowHeight;
    }

    private XElement LegendSymbolElement(LegendEntry entry, double x, double middle, double width)
    {
        var color = _colors.ColorOf(entry.ColorKey);
        var boxHeight = _legendFont * 0.9;
        return entry.Symbol switch
        {
            LegendSymbol.Line or LegendSymbol.DashedLine => Line(
                "legend-symbol", x, middle, x + width, middle, color, 5 * _scale, entry.Symbol == LegendSymbol.DashedLine),
            LegendSymbol.DottedLine => Dotted(Line("legend-symbol", x, middle, x + width, middle, color, 3 * _scale)),
            LegendSymbol.Outline => Rect(
                "legend-symbol", x + 2, middle - (boxHeight / 2), width - 4, boxHeight, BarFill.Reference, color),
            _ => Rect("legend-symbol", x, middle - (boxHeight / 2), width, boxHeight, entry.Fill, color),
        };
    }

    private void DrawPanels(XElement root, IReadOnlyList<ChartPanel> panels, double top, double bottom)
    {
        if (panels.Count == 0)
        {
            return;
        }

        // Up to three panels side by side; more go on two rows.
        var columns = panels.Count <= 3 ? panels.Count : (panels.Count + 1) / 2;
        var rows = (panels.Count + columns - 1) / columns;
        var gapX = 40 * _scale;
        var gapY = 28 * _scale;
        var cellWidth = (Width - (2 * _margin) - ((columns - 1) * gapX)) / columns;
        var cellHeight = (bottom - top - ((rows - 1) * gapY)) / rows;
        for (var i = 0; i < panels.Count; i++)
        {
            var x = _margin + ((i % columns) * (cellWidth + gapX));
            var y = top + ((i / columns) * (cellHeight + gapY));
            // Small multiples on one row with the same y axis label it once, on the left.
            var rowFirst = panels[i - (i % columns)];
            var labelY = i % columns == 0 || !Equals(rowFirst.YAxis, panels[i].YAxis);
            root.Add(DrawPanel(panels[i], x, y, cellWidth, cellHeight, labelY));
        }
    }

    private XElement DrawPanel(ChartPanel panel, double x0, double y0, double width, double height, bool labelY)
    {
        var g = new XElement(Svg + "g", new XAttribute("class", "panel"), new XAttribute("data-panel", panel.Title));
        var top = y0;
        if (!string.IsNullOrEmpty(panel.Title))
        {
            foreach (var line in TextMetrics.Wrap(panel.Title, _panelTitleFont, width, bold: true))
            {
                top += _panelTitleFont * 1.1;
                g.Add(Text("panel-title", x0 + (width / 2), top, line, _panelTitleFont, _colors.Foreground, anchor: "middle", weight: "600"));
            }

            top += _panelTitleFont * 0.3;
        }

        var yAxis = panel.YAxis;
        var yTickLabels = labelY ? yAxis.Ticks.Select(t => NumberText.Tick(t, yAxis.Format)).ToList() : [];
        var tickWidth = yTickLabels.Count == 0 ? 0 : yTickLabels.Max(l => TextMetrics.Width(l, _tickFont));
        var showYLabel = labelY && !string.IsNullOrEmpty(yAxis.Label);
        var left = x0 + (showYLabel ? _axisFont * 1.4 : 0) + tickWidth + (12 * _scale);
        var right = x0 + width - (8 * _scale);

        var xTickLabels = panel.XAxis?.Ticks.Select(t => NumberText.Tick(t, panel.XAxis.Format)).ToList() ?? [];
        if (xTickLabels.Count > 0)
        {
            // The last x tick label is centred on the right edge; keep it inside the panel.
            right -= TextMetrics.Width(xTickLabels[^1], _tickFont) / 2;
        }

        var slot = panel.Groups.Count == 0 ? 0 : (right - left) / panel.Groups.Count;
        var categoryLines = panel.Groups.Select(grp => TextMetrics.Wrap(grp.Label, _tickFont, slot * 0.94)).ToList();
        var rotateCategories = categoryLines.Any(lines => lines.Any(l => TextMetrics.Width(l, _tickFont) > slot * 0.94));
        double xLabelArea;
        if (panel.Groups.Count > 0)
        {
            xLabelArea = rotateCategories
                ? (panel.Groups.Max(grp => TextMetrics.Width(grp.Label, _tickFont)) * Math.Sin(LabelAngle * Math.PI / 180)) + (_tickFont * 1.6)
                : (categoryLines.Max(l => l.Count) * _tickFont * 1.15) + (12 * _scale);
        }
        else
        {
            xLabelArea = (_tickFont * 1.2) + (12 * _scale);
        }

        var xAxisLabel = panel.XAxis?.Label ?? "";
        if (!string.IsNullOrEmpty(xAxisLabel))
        {
            xLabelArea += _axisFont * 1.3;
        }

        // Value labels go above their bars, turned upright in a group where one does not fit across.
        var bars = BarLayout.Of(panel.Groups, left, slot, _scale);
        var uprightGroups = bars
            .Where(b => b.Bar.ValueLabel is not null && TextMetrics.Width(b.Bar.ValueLabel, _valueFont) > b.Room)
            .Select(b => b.Group)
            .ToHashSet();

        // Upright labels on bars thinner than a line of text would overlap: those bars go without.
        var labelled = bars
            .Where(b => b.Bar.ValueLabel is not null)
            .Where(b => !uprightGroups.Contains(b.Group) || b.Width + (6 * _scale) >= _valueFont * 1.15)
            .ToHashSet();
        double LabelExtent(BarLayout b) => (8 * _scale) + (uprightGroups.Contains(b.Group) ? TextMetrics.Width(b.Bar.ValueLabel!, _valueFont) : _valueFont * 0.9);

        // The plot is as tall as it can be while every label still fits below the panel title.
        var plotBottom = y0 + height - xLabelArea;
        var available = plotBottom - top - (_tickFont * 0.6);
        foreach (var b in labelled)
        {
            var fraction = yAxis.Fraction(b.Bar.Value);
            if (fraction > 0)
            {
                available = Math.Min(available, (plotBottom - top - LabelExtent(b)) / fraction);
            }
        }

        // On a small canvas labels would squeeze the plot flat: then the bars speak alone (the report has the numbers).
        if (available < (plotBottom - top) * 0.5)
        {
            labelled.Clear();
            available = plotBottom - top - (_tickFont * 0.6);
        }

        var plotTop = plotBottom - Math.Max(40, available);

        double Y(double value) => plotBottom - (yAxis.Fraction(value) * (plotBottom - plotTop));

        // Y axis: grid lines, ticks, label.
        var yGroup = new XElement(Svg + "g", new XAttribute("class", "axis y"), new XAttribute("data-scale", ScaleName(yAxis.Scale)));
        // Tick labels closer than a line of text are thinned out; the grid lines stay.
        var tickSpacing = yAxis.Ticks.Count > 1 ? (plotBottom - plotTop) / (yAxis.Ticks.Count - 1) : double.MaxValue;
        var labelEvery = (int)Math.Max(1, Math.Ceiling(_tickFont * 1.1 / tickSpacing));
        for (var i = 0; i < yAxis.Ticks.Count; i++)
        {
            var ty = Y(yAxis.Ticks[i]);
            yGroup.Add(Line("grid", left, ty, right, ty, _colors.Grid, 1.5 * _scale));
            if (labelY && i % labelEvery == 0)
            {
                yGroup.Add(Text("tick", left - (10 * _scale), ty + (_tickFont * 0.35), yTickLabels[i], _tickFont, _colors.Muted, anchor: "end"));
            }
        }

        if (showYLabel)
        {
            var lx = x0 + (_axisFont * 0.95);
            var ly = (plotTop + plotBottom) / 2;
            yGroup.Add(Text("axis-label", lx, ly, yAxis.Label, _axisFont, _colors.Foreground, anchor: "middle", rotate: -90));
        }

        yGroup.Add(Line("axis-line", left, plotTop, left, plotBottom, _colors.Muted, 2 * _scale));
        g.Add(yGroup);

        // X axis: categories for bars, numeric ticks for lines.
        var xGroup = new XElement(Svg + "g", new XAttribute("class", "axis x"));
        if (panel.XAxis is { } xAxis)
        {
            xGroup.Add(new XAttribute("data-scale", ScaleName(xAxis.Scale)));
            for (var i = 0; i < xAxis.Ticks.Count; i++)
            {
                var tx = left + (xAxis.Fraction(xAxis.Ticks[i]) * (right - left));
                xGroup.Add(Line("grid", tx, plotTop, tx, plotBottom, _colors.Grid, 1.5 * _scale));
                xGroup.Add(Text("tick", tx, plotBottom + (_tickFont * 1.15), xTickLabels[i], _tickFont, _colors.Muted, anchor: "middle"));
            }
        }
        else
        {
            xGroup.Add(new XAttribute("data-scale", "category"));
            for (var i = 0; i < panel.Groups.Count; i++)
            {
                var cx = left + (slot * (i + 0.5));
                var label = new XElement(Svg + "g", new XAttribute("class", "category"), new XAttribute("data-key", panel.Groups[i].Key));
                if (rotateCategories)
                {
                    label.Add(Text("tick", cx, plotBottom + (_tickFont * 1.1), panel.Groups[i].Label, _tickFont, _colors.Foreground, anchor: "end", rotate: -LabelAngle));
                }
                else
                {
                    var lines = categoryLines[i];
                    for (var l = 0; l < lines.Count; l++)
                    {
                        label.Add(Text("tick", cx, plotBottom + (_tickFont * (1.1 + (1.15 * l))), lines[l], _tickFont, _colors.Foreground, anchor: "middle"));
                    }
                }

                xGroup.Add(label);
            }
        }

        if (!string.IsNullOrEmpty(xAxisLabel))
        {
            xGroup.Add(Text("axis-label", (left + right) / 2, y0 + height - (_axisFont * 0.3), xAxisLabel, _axisFont, _colors.Foreground, anchor: "middle"));
        }

        xGroup.Add(Line("axis-line", left, plotBottom, right, plotBottom, _colors.Muted, 2 * _scale));
        g.Add(xGroup);

        foreach (var placed in bars)
        {
            g.Add(DrawBar(placed, Y(placed.Bar.Value), plotBottom, labelled.Contains(placed), uprightGroups.Contains(placed.Group)));
        }

        foreach (var series in panel.Lines)
        {
            g.Add(DrawLine(series, panel.XAxis, left, right, Y));
        }

        foreach (var reference in panel.References)
        {
            var ry = Y(reference.Value);
            var line = Line("reference", left, ry, right, ry, _colors.ColorOf(reference.ColorKey), 4 * _scale, dashed: true);
            line.Add(new XAttribute("data-key", reference.ColorKey), new XAttribute("data-value", NumberText.Coordinate(reference.Value)));
            line.Add(new XElement(Svg + "title", reference.Label));
            g.Add(line);
        }

        if (panel.Groups.Count == 0 && panel.Lines.Count == 0)
        {
            g.Add(Text("no-data", (left + right) / 2, (plotTop + plotBottom) / 2, "no data", _axisFont, _colors.Muted, anchor: "middle"));
        }

        return g;
    }

    private IEnumerable<XElement> DrawBar(BarLayout placed, double top, double baseline, bool showValue, bool rotateValue)
    {
        var bar = placed.Bar;
        var rect = Rect("bar", placed.X, top, placed.Width, Math.Max(0, baseline - top), bar.Fill, _colors.ColorOf(bar.ColorKey));
        rect.Add(
            new XAttribute("data-transport", bar.ColorKey),
            new XAttribute("data-series", bar.Series),
            new XAttribute("data-value", NumberText.Coordinate(bar.Value)));
        rect.Add(new XElement(Svg + "title", $"{bar.Series}: {bar.ValueLabel ?? NumberText.Value(bar.Value)}"));
        yield return rect;

        if (!showValue || bar.ValueLabel is null)
        {
            yield break;
        }

        var cx = placed.X + (placed.Width / 2);
        var gap = 8 * _scale;
        yield return rotateValue
            ? Text("value", cx + (_valueFont * 0.35), top - gap, bar.ValueLabel, _valueFont, _colors.Foreground, anchor: "start", rotate: -90)
            : Text("value", cx, top - gap, bar.ValueLabel, _valueFont, _colors.Foreground, anchor: "middle");
    }

    private XElement DrawLine(LineSeries series, ChartAxis? xAxis, double left, double right, Func<double, double> y)
    {
        var group = new XElement(Svg + "g", new XAttribute("class", "series"), new XAttribute("data-transport", series.ColorKey));
        if (xAxis is null || series.Points.Count == 0)
        {
            return group;
        }

        var color = _colors.ColorOf(series.ColorKey);
        var points = series.Points.Select(p => (X: left + (xAxis.Fraction(p.X) * (right - left)), Y: y(p.Y))).ToList();
        var data = string.Join(' ', points.Select((p, i) => $"{(i == 0 ? 'M' : 'L')}{NumberText.Coordinate(p.X)},{NumberText.Coordinate(p.Y)}"));
        var path = new XElement(
            Svg + "path",
            new XAttribute("class", series.Model ? "model-line" : "line"),
            new XAttribute("data-transport", series.ColorKey),
            new XAttribute("d", data),
            new XAttribute("fill", "none"),
            new XAttribute("stroke", color),
            new XAttribute("stroke-width", NumberText.Coordinate((series.Model ? 3 : 5) * _scale)),
            new XAttribute("stroke-linejoin", "round"),
            new XAttribute("stroke-linecap", "round"),
            new XElement(Svg + "title", series.Label));
        if (series.Model)
        {
            Dotted(path);
        }
        else if (series.Dashed)
        {
            path.Add(new XAttribute("stroke-dasharray", DashPattern()));
        }

        group.Add(path);
        if (series.Markers && !series.Model)
        {
            foreach (var p in points)
            {
                group.Add(new XElement(
                    Svg + "circle",
                    new XAttribute("class", "marker"),
                    new XAttribute("cx", NumberText.Coordinate(p.X)),
                    new XAttribute("cy", NumberText.Coordinate(p.Y)),
                    new XAttribute("r", NumberText.Coordinate(8 * _scale)),
                    new XAttribute("fill", color)));
            }
        }

        return group;
    }

    private XElement Rect(string cssClass, double x, double y, double width, double height, BarFill fill, string color)
    {
        var rect = new XElement(
            Svg + "rect",
            new XAttribute("class", cssClass),
            new XAttribute("x", NumberText.Coordinate(x)),
            new XAttribute("y", NumberText.Coordinate(y)),
            new XAttribute("width", NumberText.Coordinate(Math.Max(0, width))),
            new XAttribute("height", NumberText.Coordinate(Math.Max(0, height))));
        if (fill == BarFill.Reference)
        {
            // A published figure, not a measurement: an outline in the text color, dashed.
            rect.Add(
                new XAttribute("fill", "none"),
                new XAttribute("stroke", _colors.Foreground),
                new XAttribute("stroke-width", NumberText.Coordinate(3 * _scale)),
                new XAttribute("stroke-dasharray", DashPattern()));
        }
        else
        {
            rect.Add(new XAttribute("fill", color));
            var opacity = fill switch
            {
                BarFill.Medium => 0.62,
                BarFill.Light => 0.35,
                _ => 1.0,
            };
            if (opacity < 1)
            {
                rect.Add(new XAttribute("fill-opacity", NumberText.Coordinate(opacity)));
            }
        }

        return rect;
    }

    private XElement Line(string cssClass, double x1, double y1, double x2, double y2, string color, double width, bool dashed = false)
    {
        var line = new XElement(
            Svg + "line",
            new XAttribute("class", cssClass),
            new XAttribute("x1", NumberText.Coordinate(x1)),
            new XAttribute("y1", NumberText.Coordinate(y1)),
            new XAttribute("x2", NumberText.Coordinate(x2)),
            new XAttribute("y2", NumberText.Coordinate(y2)),
            new XAttribute("stroke", color),
            new XAttribute("stroke-width", NumberText.Coordinate(width)));
        if (dashed)
        {
            line.Add(new XAttribute("stroke-dasharray", DashPattern()));
        }

        return line;
    }

    private static XElement Text(string cssClass, double x, double y, string text, double size, string color, string anchor = "start", string? weight = null, double rotate = 0)
    {
        var element = new XElement(
            Svg + "text",
            new XAttribute("class", cssClass),
            new XAttribute("x", NumberText.Coordinate(x)),
            new XAttribute("y", NumberText.Coordinate(y)),
            new XAttribute("font-size", NumberText.Coordinate(size)),
            new XAttribute("fill", color),
            new XAttribute("text-anchor", anchor),
            text);
        if (weight is not null)
        {
            element.Add(new XAttribute("font-weight", weight));
        }

        if (rotate != 0)
        {
            element.Add(new XAttribute("transform", $"rotate({NumberText.Coordinate(rotate)} {NumberText.Coordinate(x)} {NumberText.Coordinate(y)})"));
        }

        return element;
    }

    /// <summary>A model's line: short dots, a little faded, so it reads as a reference under the measured lines.</summary>
    private XElement Dotted(XElement line)
    {
        line.Add(
            new XAttribute("stroke-dasharray", $"{NumberText.Coordinate(2 * _scale)} {NumberText.Coordinate(9 * _scale)}"),
            new XAttribute("stroke-opacity", "0.85"));
        return line;
    }

    private string DashPattern() => $"{NumberText.Coordinate(14 * _scale)} {NumberText.Coordinate(9 * _scale)}";

    private static string ScaleName(AxisScale scale) => scale == AxisScale.Log10 ? "log10" : "linear";
}
