using Transports.Network;

namespace Transports.Tests.Network;

public sealed class NetworkUnitsTests
{
    [Theory]
    [InlineData("10mbit", 10_000_000L)]
    [InlineData("10Mbit/s", 10_000_000L)]
    [InlineData("1.5gbit", 1_500_000_000L)]
    [InlineData("500kbit", 500_000L)]
    [InlineData(" 9600bit ", 9_600L)]
    [InlineData("1gbit", 1_000_000_000L)]
    [InlineData("1.1mbit", 1_100_000L)]
    [InlineData("0.1kbit", 100L)]
    public void Bandwidths_are_decimal_bits_per_second(string text, long expected)
    {
        Assert.True(NetworkUnits.TryParseBandwidth(text, out var bits, out var error), error);
        Assert.Equal(expected, bits);
    }

    [Fact]
    public void None_is_no_bandwidth_limit()
    {
        Assert.True(NetworkUnits.TryParseBandwidth("none", out var bits, out _));
        Assert.Null(bits);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10MB")]
    [InlineData("10mbps")]
    [InlineData("-5mbit")]
    [InlineData("0mbit")]
    [InlineData("0.5bit")]
    [InlineData("1.0000001kbit")]
    [InlineData("2000gbit")]
    [InlineData("99999999999999999999999999999gbit")]
    [InlineData("79228162514264337593543950335gbit")]
    [InlineData("fastmbit")]
    public void Nonsense_bandwidths_are_refused_in_one_sentence_naming_the_input(string text)
    {
        Assert.False(NetworkUnits.TryParseBandwidth(text, out _, out var error));
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("100ms", 100_000L)]
    [InlineData("1.5s", 1_500_000L)]
    [InlineData("250us", 250L)]
    [InlineData("0", 0L)]
    [InlineData("0ms", 0L)]
    public void Delays_need_a_unit_unless_zero(string text, long microseconds)
    {
        Assert.True(NetworkUnits.TryParseDelay(text, out var delay, out var error), error);
        Assert.Equal(TimeSpan.FromMicroseconds(microseconds), delay);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("-1ms")]
    [InlineData("61s")]
    [InlineData("79228162514264337593543950335s")]
    [InlineData("soon")]
    [InlineData("")]
    public void Nonsense_delays_are_refused_in_one_sentence_naming_the_input(string text)
    {
        Assert.False(NetworkUnits.TryParseDelay(text, out _, out var error));
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(50_000_000L, "50 Mbit/s")]
    [InlineData(1_500_000_000L, "1.5 Gbit/s")]
    [InlineData(9_600L, "9.6 kbit/s")]
    [InlineData(300L, "300 bit/s")]
    public void Bandwidths_print_in_si_units(long bits, string expected) =>
        Assert.Equal(expected, NetworkUnits.FormatBandwidth(bits));

    [Theory]
    [InlineData(50_000_000L, "50mbit")]
    [InlineData(1_500_000_000L, "1.5gbit")]
    [InlineData(9_600L, "9.6kbit")]
    [InlineData(1_234_567L, "1234.567kbit")]
    [InlineData(1_234_567_891L, "1234567.891kbit")]
    [InlineData(1L, "1bit")]
    public void A_bandwidths_option_text_reads_back_exactly(long bits, string expected)
    {
        Assert.Equal(expected, NetworkUnits.BandwidthText(bits));
        Assert.True(NetworkUnits.TryParseBandwidth(expected, out var back, out _));
        Assert.Equal(bits, back);
    }
}
