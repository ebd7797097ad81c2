using System.Diagnostics;
using Transports.Contract;

namespace Transports.Tests.BadInput;

/// <summary>
/// Raw TCP refuses bad framing by closing that one connection: a length prefix over the limit (on the subscribe
/// frame, limit 32, or on an upstream frame, limit MaxUpstreamBytes), a subscribe frame that is not a cursor, an
/// upstream frame that is not an event message. Each refusal is counted; other TCP clients keep their events.
/// </summary>
public sealed class TcpFramingTests : IAsyncLifetime
{
    private static readonly int Max = TestDefaults.ServerOptions.MaxUpstreamBytes;

    private LoopbackTestServer _server = null!;

    private Servers.ServerWireStats Wire => _server.Server.Wire;

    public async Task InitializeAsync() => _server = await LoopbackTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(33u)]
    public async Task Subscribe_frame_with_an_oversized_length_prefix_is_closed(uint length)
    {
        await using var bystander = await Bystander.StartAsync(_server, TransportIds.Tcp);
        using var offender = await RawConnection.ConnectAsync(_server.Server.TcpEndPoint);

        await offender.SendAsync(RawConnection.Header(length));
        await offender.AssertClosedByServerAsync();

        Assert.Equal(1, Wire.Rejected);
        await bystander.AssertStillServedAsync();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("12a")]
    [InlineData(" 5")]
    [InlineData("99999999999999999999")]
    public async Task Malformed_subscribe_frame_is_closed_without_an_ack(string cursor)
    {
        await using var bystander = await Bystander.StartAsync(_server, TransportIds.Tcp);
        using var offender = await RawConnection.ConnectAsync(_server.Server.TcpEndPoint);

        await offender.SendAsync(RawConnection.Frame(cursor));
        await offender.AssertClosedByServerAsync();

        Assert.Equal(1, Wire.Rejected);
        await bystander.AssertStillServedAsync();
    }

    [Theory]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0xFFFFFFFFu)]
    public async Task Upstream_frame_with_an_oversized_length_prefix_is_closed(uint length)
    {
        await using var bystander = await Bystander.StartAsync(_server, TransportIds.Tcp);
        using var offender = await RawConnection.ConnectAsync(_server.Server.TcpEndPoint);
        await offender.SubscribeAsync();

        // Only the prefix: the server must refuse on the claim, not wait for 2 GiB that never come.
        await offender.SendAsync(RawConnection.Header(length));
        await offender.AssertClosedByServerAsync();

        Assert.Equal(1, Wire.Rejected);
        Assert.Equal(0, Upstream.Received);
        await bystander.AssertStillServedAsync();
    }

    [Fact]
    public async Task Upstream_frame_one_byte_over_the_limit_is_closed()
    {
        await using var bystander = await Bystander.StartAsync(_server, TransportIds.Tcp);
        using var offender = await RawConnection.ConnectAsync(_server.Server.TcpEndPoint);
        await offender.SubscribeAsync();

        await offender.SendAsync(RawConnection.Frame(Message(Max + 1)));
        await offender.AssertClosedByServerAsync();

        Assert.Equal(1, Wire.Rejected);
        Assert.Equal(0, Upstream.Received);
        await bystander.AssertStillServedAsync();
    }

    [Theory]
    [InlineData("hello world, too short")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("")]
    public async Task Upstream_frame_that_is_not_an_event_message_is_closed(string payload)
    {
        await using var bystander = await Bystander.StartAsync(_server, TransportIds.Tcp);
        using var offender = await RawConnection.ConnectAsync(_server.Server.TcpEndPoint);
        await offender.SubscribeAsync();

        await offender.SendAsync(RawConnection.Frame(payload));
        await offender.AssertClosedByServerAsync();

        Assert.Equal(1, Wire.Rejected);
        Assert.Equal(0, Upstream.Received);
        await bystander.AssertStillServedAsync();
    }

    /// <summary>The other side of the checks: a cursor subscribes, and an event message of exactly the limit is taken.</summary>
    [Fact]
    public async Task Well_formed_frames_are_served()
    {
        var before = _server.Server.Feed.Publish(64).Sequence;
        using var client = await RawConnection.ConnectAsync(_server.Server.TcpEndPoint);

        Assert.Equal(before - 1, await client.SubscribeAsync((before - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(before, Sequence(await client.ReadFrameAsync()));

        await client.SendAsync(RawConnection.Frame(Message(Max)));
        var echoed = await client.ReadFrameAsync();

        Assert.Equal(Max, echoed.Length);
        Assert.Equal(1, Upstream.Received);
        Assert.Equal(0, Wire.Rejected);
    }

    /// <summary>
    /// Nothing obliges a client to wait for the ack: a subscribe frame and an upstream frame in one write must
    /// be handled like two writes.
    /// </summary>
    [Fact]
    public async Task Subscribe_and_upstream_frame_in_one_write_are_both_handled()
    {
        using var client = await RawConnection.ConnectAsync(_server.Server.TcpEndPoint);

        await client.SendAsync(new byte[][] { RawConnection.Frame(""), RawConnection.Frame(Message(100)) }.SelectMany(b => b).ToArray());
        await client.ReadFrameAsync();
        var echoed = await client.ReadFrameAsync();

        Assert.Equal(100, echoed.Length);
        Assert.Equal(1, Upstream.Received);
    }

    [Fact]
    public async Task Subscribe_and_oversized_prefix_in_one_write_is_closed()
    {
        using var offender = await RawConnection.ConnectAsync(_server.Server.TcpEndPoint);

        await offender.SendAsync(new byte[][] { RawConnection.Frame(""), RawConnection.Header(0x7FFFFFFFu) }.SelectMany(b => b).ToArray());
        await offender.AssertClosedByServerAsync();

        Assert.Equal(1, Wire.Rejected);
    }

    private Servers.UpstreamIngest Upstream => ((ITestServer)_server).Upstream;

    private static byte[] Message(int size) => EventMessage.Create(1, Stopwatch.GetTimestamp(), size);

    private static long Sequence(byte[] message)
    {
        Assert.True(EventMessage.TryRead(message, out var sequence, out _));
        return sequence;
    }
}
