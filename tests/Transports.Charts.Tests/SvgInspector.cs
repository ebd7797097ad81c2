using System.Globalization;
using System.Xml.Linq;

namespace Transports.Charts.Tests;

/// <summary>Structural checks on a rendered SVG; each returns the violations it finds (empty when fine).</summary>
public static class SvgInspector
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static IEnumerable<XElement> ByClass(XContainer root, string name, string cssClass) =>
        root.Descendants(Svg + name).Where(e => ((string?)e.Attribute("class") ?? "").Split(' ').Contains(cssClass));

    public static double Number(XElement element, string attribute) =>
        double.Parse((string?)element.Attribute(attribute) ?? "NaN", NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Texts without a font size or smaller than <paramref name="minimum"/> px.</summary>
    public static IReadOnlyList<string> SmallTexts(XDocument svg, double minimum) =>
        svg.Descendants(Svg + "text")
            .Where(t => t.Attribute("font-size") is null || Number(t, "font-size") < minimum)
            .Select(t => $"'{t.Value}' at {(string?)t.Attribute("font-size") ?? "no size"}")
            .ToList();

    /// <summary>Panels where a transport has no bar, or more than one, for a series the panel draws (at most one for published figures).</summary>
    public static IReadOnlyList<string> BarCountViolations(XDocument svg, IReadOnlyList<string> transports)
    {
        var violations = new List<string>();
        foreach (var panel in ByClass(svg, "g", "panel"))
        {
            var bars = ByClass(panel, "rect", "bar").ToList();
            foreach (var series in bars.GroupBy(b => (string?)b.Attribute("data-series")))
            {
                // Outlined bars are published figures, drawn only for the transports that have one.
                var published = series.All(b => (string?)b.Attribute("fill") == "none");
                foreach (var transport in transports)
                {
                    var count = series.Count(b => (string?)b.Attribute("data-transport") == transport);
                    if (published ? count > 1 : count != 1)
                    {
                        violations.Add($"panel '{(string?)panel.Attribute("data-panel")}', series {series.Key}: {count} bars for {transport}");
                    }
                }
            }
        }

        return violations;
    }

    /// <summary>Panels whose bars of one series are not left to right in the given transport order.</summary>
    public static IReadOnlyList<string> OrderViolations(XDocument svg, IReadOnlyList<string> order)
    {
        var violations = new List<string>();
        foreach (var panel in ByClass(svg, "g", "panel"))
        {
            foreach (var series in ByClass(panel, "rect", "bar").GroupBy(b => (string?)b.Attribute("data-series")))
            {
                var seen = series.OrderBy(b => Number(b, "x")).Select(b => (string)b.Attribute("data-transport")!).ToList();
                var expected = seen.OrderBy(t => order.ToList().IndexOf(t)).ToList();
                if (!seen.SequenceEqual(expected))
                {
                    violations.Add($"series {series.Key}: {string.Join(",", seen)}");
                }
            }
        }

        return violations;
    }

    /// <summary>Every transport's fill/stroke color as drawn by bars and lines: transport to the set of colors used.</summary>
    public static IReadOnlyDictionary<string, HashSet<string>> TransportColors(XDocument svg)
    {
        var colors = new Dictionary<string, HashSet<string>>();
        foreach (var element in svg.Descendants().Where(e => e.Attribute("data-transport") is not null))
        {
            var color = (string?)element.Attribute("class") switch
            {
                "bar" when (string?)element.Attribute("fill") != "none" => (string?)element.Attribute("fill"),
                "line" => (string?)element.Attribute("stroke"),
                _ => null,
            };
            if (color is not null)
            {
                var transport = (string)element.Attribute("data-transport")!;
                if (!colors.TryGetValue(transport, out var set))
                {
                    colors[transport] = set = [];
                }

                set.Add(color);
            }
        }

        return colors;
    }
}
