using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Transports.Contract;
using static Transports.Charts.Tests.SvgInspector;

namespace Transports.Charts.Tests;

public sealed class SvgChartRendererTests
{
    private static readonly IReadOnlyList<ChartModel> Charts = ChartSet.Build(SyntheticRun.Create());

    /// <summary>The unit each chart's title must name.</summary>
    private static readonly Dictionary<string, string> Units = new()
    {
        ["overhead"] = "(bytes/event)",
        ["requests"] = "(req/event)",
        ["latency"] = "(ms)",
        ["latency-cdf"] = "(ms,",
        ["header-traffic"] = "(Mbps)",
        ["library-overhead"] = "(bytes)",
        ["sweep-payload"] = "payload size (B)",
        ["sweep-clients"] = "vs clients",
    };

    public static TheoryData<string, ChartTheme> EveryChart()
    {
        var data = new TheoryData<string, ChartTheme>();
        foreach (var chart in Charts)
        {
            data.Add(chart.Id, ChartTheme.Light);
            data.Add(chart.Id, ChartTheme.Dark);
        }

        return data;
    }

    private static XDocument Render(string id, ChartTheme theme = ChartTheme.Light, int width = 1600, int height = 900) =>
        XDocument.Parse(new SvgChartRenderer(theme, width, height).Render(Charts.Single(c => c.Id == id)));

    [Theory]
    [MemberData(nameof(EveryChart))]
    public void IsValidStandaloneSvgWithSizeViewBoxAndTitle(string id, ChartTheme theme)
    {
        var root = Render(id, theme).Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("1600", (string?)root.Attribute("width"));
        Assert.Equal("900", (string?)root.Attribute("height"));
        Assert.Equal("0 0 1600 900", (string?)root.Attribute("viewBox"));
        Assert.False(string.IsNullOrWhiteSpace(root.Element(Svg + "title")?.Value));
    }

    [Theory]
    [MemberData(nameof(EveryChart))]
    public void EveryTextIsAtLeast24Px(string id, ChartTheme theme)
    {
        Assert.Empty(SmallTexts(Render(id, theme), SvgChartRenderer.MinFontSize));
        Assert.Empty(SmallTexts(Render(id, theme, 960, 540), SvgChartRenderer.MinFontSize));
    }

    [Theory]
    [MemberData(nameof(EveryChart))]
    public void EveryPanelHasBothAxes(string id, ChartTheme theme)
    {
        var panels = ByClass(Render(id, theme), "g", "panel").ToList();
        Assert.NotEmpty(panels);
        Assert.All(panels, p =>
        {
            Assert.NotEmpty(ByClass(Assert.Single(ByClass(p, "g", "x")), "line", "axis-line"));
            Assert.NotEmpty(ByClass(Assert.Single(ByClass(p, "g", "y")), "line", "grid"));
        });

        // Panels on a row that share the y axis label it once, on the left.
        Assert.NotEmpty(ByClass(ByClass(panels[0], "g", "y").Single(), "text", "tick"));
        Assert.All(panels, p => Assert.NotEmpty(ByClass(ByClass(p, "g", "x").Single(), "text", "tick")));
    }

    [Theory]
    [MemberData(nameof(EveryChart))]
    public void TitleNamesTheUnit(string id, ChartTheme theme)
    {
        var title = string.Concat(ByClass(Render(id, theme), "text", "title").Select(t => t.Value + " "));
        Assert.Contains(Units[id], title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sweep-payload")]
    [InlineData("sweep-clients")]
    public void SweepPanelTitlesNameTheirMetricsUnit(string id)
    {
        var titles = ByClass(Render(id), "text", "panel-title").Select(t => t.Value).ToList();
        Assert.Equal(["Overhead (B/event)", "HTTP requests (req/event)", "Latency p50 (ms)"], titles);
    }

    [Theory]
    [InlineData("overhead")]
    [InlineData("requests")]
    [InlineData("latency")]
    [InlineData("header-traffic")]
    public void BarChartsHaveExactlyOneBarPerTransportPerSeriesPerPanel(string id)
    {
        var svg = Render(id);
        Assert.NotEmpty(ByClass(svg, "rect", "bar"));
        Assert.Empty(BarCountViolations(svg, TransportIds.Ids));
        Assert.Empty(OrderViolations(svg, TransportIds.Ids));
    }

    [Fact]
    public void EachTransportHasOneColorAcrossEveryChartAndTheme()
    {
        var colors = new Dictionary<string, HashSet<string>>();
        foreach (var chart in Charts)
        {
            foreach (var theme in new[] { ChartTheme.Light, ChartTheme.Dark })
            {
                foreach (var (transport, used) in TransportColors(XDocument.Parse(new SvgChartRenderer(theme).Render(chart))))
                {
                    colors.TryAdd(transport, []);
                    colors[transport].UnionWith(used);
                }
            }
        }

        Assert.Equal(TransportIds.Ids.Order(), colors.Keys.Order());
        Assert.All(colors.Values, set => Assert.Single(set));
        Assert.Equal(TransportIds.All.Count, colors.Values.Select(set => set.Single()).Distinct().Count());
    }

    [Fact]
    public void ValuesSpanningDecadesGetALogAxisOthersLinear()
    {
        // Overhead goes from 2 B (WebSocket) to 1,320 B (polling); requests from 0 to 4.
        Assert.All(ByClass(Render("overhead"), "g", "y"), y => Assert.Equal("log10", (string?)y.Attribute("data-scale")));
        Assert.All(ByClass(Render("requests"), "g", "y"), y => Assert.Equal("linear", (string?)y.Attribute("data-scale")));
        Assert.All(ByClass(Render("latency-cdf"), "g", "x"), x => Assert.Equal("log10", (string?)x.Attribute("data-scale")));
    }

    [Fact]
    public void TheTcpFloorIsADashedReferenceLine()
    {
        var floors = ByClass(Render("overhead"), "line", "reference").ToList();
        Assert.Equal(2, floors.Count);
        Assert.All(floors, f =>
        {
            Assert.Equal(TransportIds.Tcp, (string?)f.Attribute("data-key"));
            Assert.NotNull(f.Attribute("stroke-dasharray"));
        });
    }

    [Fact]
    public void PublishedFiguresAreOutlinedNotFilled()
    {
        var published = Render("header-traffic").Descendants(Svg + "rect").Where(r => (string?)r.Attribute("data-series") == LubbersGreco2010.Source).ToList();
        Assert.Equal(6, published.Count);
        Assert.All(published, r => Assert.Equal("none", (string?)r.Attribute("fill")));
    }

    [Fact]
    public void DarkThemeChangesBackgroundAndText()
    {
        string Background(XDocument svg) => (string)ByClass(svg, "rect", "background").Single().Attribute("fill")!;
        string TitleColor(XDocument svg) => (string)ByClass(svg, "text", "title").First().Attribute("fill")!;
        var light = Render("overhead", ChartTheme.Light);
        var dark = Render("overhead", ChartTheme.Dark);
        Assert.NotEqual(Background(light), Background(dark));
        Assert.NotEqual(TitleColor(light), TitleColor(dark));
        Assert.Equal("dark", (string?)dark.Root!.Attribute("data-theme"));
    }

    [Fact]
    public void SizeIsConfigurable()
    {
        var root = Render("latency", width: 1920, height: 1080).Root!;
        Assert.Equal("0 0 1920 1080", (string?)root.Attribute("viewBox"));
    }

    [Fact]
    public void TextIsEscaped()
    {
        var model = Charts[0] with { Title = "a < b & c > \"d\" (B)", Subtitle = "<script>" };
        var svg = XDocument.Parse(new SvgChartRenderer().Render(model));
        Assert.Equal("a < b & c > \"d\" (B)", ByClass(svg, "text", "title").Single().Value);
        Assert.Empty(svg.Descendants(Svg + "script"));
    }

    [Fact]
    public void NumbersUseTheInvariantCultureWhateverTheCurrentOne()
    {
        var previous = CultureInfo.CurrentCulture;
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = comma;
            // Our own transports only: with every transport's bar the value labels no longer fit and are left out.
            var run = SyntheticRun.Create();
            var ours = ChartSet.Build(run with { Scenarios = [.. run.Scenarios.Where(s => Transports.Contract.TransportIds.IsOurs(s.Transport))] });
            var svg = XDocument.Parse(new SvgChartRenderer().Render(ours.Single(c => c.Id == "latency")));
            var numeric = new Regex(@"^-?[0-9]+(\.[0-9]+)?$");
            foreach (var attribute in svg.Descendants().Attributes().Where(a => a.Name.LocalName is "x" or "y" or "width" or "height" or "font-size" or "data-value"))
            {
                Assert.Matches(numeric, attribute.Value);
            }

            Assert.Contains(ByClass(svg, "text", "value"), t => t.Value.Contains('.', StringComparison.Ordinal));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
