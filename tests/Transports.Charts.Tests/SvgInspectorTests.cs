using System.Xml.Linq;
using Transports.Contract;
using static Transports.Charts.Tests.SvgInspector;

namespace Transports.Charts.Tests;

/// <summary>The structural checks must be able to fail: each is shown catching a deliberately broken SVG.</summary>
public sealed class SvgInspectorTests
{
    private static XDocument Good() => XDocument.Parse(new SvgChartRenderer().Render(ChartSet.Build(SyntheticRun.Create()).Single(c => c.Id == "overhead")));

    [Fact]
    public void SmallTextIsCaught()
    {
        var svg = Good();
        svg.Descendants(Svg + "text").First().SetAttributeValue("font-size", "18");
        Assert.Single(SmallTexts(svg, 24));
    }

    [Fact]
    public void MissingOrDuplicateBarsAreCaught()
    {
        var svg = Good();
        var bars = ByClass(svg, "rect", "bar").ToList();
        var first = bars.First(b => (string?)b.Attribute("data-series") == "overhead");
        first.AddAfterSelf(new XElement(first));
        bars.Last().Remove();
        Assert.Equal(2, BarCountViolations(svg, TransportIds.Ids).Count);
    }

    [Fact]
    public void BarsOutOfOrderAreCaught()
    {
        var svg = Good();
        var overhead = ByClass(svg, "rect", "bar").Where(b => (string?)b.Attribute("data-series") == "overhead").Take(2).ToList();
        var x = overhead[0].Attribute("x")!.Value;
        overhead[0].SetAttributeValue("x", overhead[1].Attribute("x")!.Value);
        overhead[1].SetAttributeValue("x", x);
        Assert.Single(OrderViolations(svg, TransportIds.Ids));
    }

    [Fact]
    public void AColorChangeIsCaught()
    {
        var svg = Good();
        ByClass(svg, "rect", "bar").First().SetAttributeValue("fill", "#123456");
        Assert.Contains(TransportColors(svg).Values, set => set.Count > 1);
    }
}
