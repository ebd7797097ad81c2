using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Transports.Network;
using Transports.Tests.BadInput;

namespace Transports.Tests.Network;

/// <summary>The relay over real loopback sockets: what goes in comes out, ends end, resets reset; delays on fake time.</summary>
public sealed class NetworkRelayTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task Bytes_cross_unchanged_both_ways_in_pieces_of_every_size_and_the_counters_match()
    {
        await using var path = await RelayedConnection.OpenAsync();
        var (relay, client, server) = (path.Relay, path.Client, path.Server);
        var random = new Random(2026);
        var up = new byte[3 << 20];
        var down = new byte[2 << 20];
        random.NextBytes(up);
        random.NextBytes(down);

        var upSent = client.SendAllAsync(up, 1, 7, 100, 1_460, 4_096, 16_384, 65_536, 100_003);
        var downSent = server.SendAllAsync(down, 65_536, 3, 1_500, 9_000, 250_000);
        var upReceived = server.ReceiveExactlyAsync(up.Length);
        var downReceived = client.ReceiveExactlyAsync(down.Length);
        await Task.WhenAll(upSent, downSent, upReceived, downReceived).WaitAsync(TestDefaults.Timeout);

        Assert.Equal(up, await upReceived);
        Assert.Equal(down, await downReceived);
        var counters = relay.Counters;
        Assert.Equal(up.Length, counters.ToServer.Bytes);
        Assert.Equal(up.Length, counters.ToServer.DeliveredBytes);
        Assert.Equal(down.Length, counters.ToClient.Bytes);
        Assert.Equal(down.Length, counters.ToClient.DeliveredBytes);
        Assert.Equal((1, 1, 0, 0), (counters.Accepted, counters.Open, counters.Aborted, counters.TargetConnectFailures));
    }

    [Fact]
    public async Task A_half_close_passes_on_after_the_data_and_the_other_direction_goes_on()
    {
        await using var path = await RelayedConnection.OpenAsync();
        var (relay, client, server) = (path.Relay, path.Client, path.Server);

        await server.SendAllAsync("last words"u8.ToArray());
        server.Shutdown(SocketShutdown.Send);
        Assert.Equal("last words", Encoding.ASCII.GetString(await client.ReceiveToEndAsync()));

        await client.SendAllAsync("still talking"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);
        Assert.Equal("still talking", Encoding.ASCII.GetString(await server.ReceiveToEndAsync()));

        await Eventually.AssertAsync(() => relay.Counters.Open == 0, "the connection should close once both directions have ended");
        Assert.Equal(0, relay.Counters.Aborted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_reset_on_one_side_resets_the_other_and_is_counted(bool clientResets)
    {
        await using var path = await RelayedConnection.OpenAsync();
        var (relay, client, server) = (path.Relay, path.Client, path.Server);
        await client.SendAllAsync("hi"u8.ToArray());
        await server.ReceiveExactlyAsync(2);

        var (resetting, other) = clientResets ? (client, server) : (server, client);
        resetting.Reset();

        var error = await Assert.ThrowsAsync<SocketException>(() => other.ReceiveToEndAsync());
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
        await Eventually.AssertAsync(() => relay.Counters is { Aborted: 1, Open: 0 }, "the relay should count one aborted connection");
    }

    [Fact]
    public async Task A_refused_target_resets_the_client_and_is_counted()
    {
        IPEndPoint closed;
        using (var gone = new LoopbackTarget())
        {
            closed = gone.EndPoint;
        }

        await using var relay = new NetworkRelay([new RelayTarget(closed)]);
        await relay.StartAsync();

        // The reset can come before the client's connect has completed on its side; either way it is a reset.
        var error = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var client = await SocketTestExtensions.ConnectAsync(relay.EndPointFor(closed));
            await client.ReceiveToEndAsync();
        });
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
        await Eventually.AssertAsync(() => relay.Counters.TargetConnectFailures == 1, "the failed connect should be counted");
    }

    [Fact]
    public async Task Each_target_gets_its_own_port_and_addresses_map_to_it()
    {
        using var http = new LoopbackTarget();
        using var tcp = new LoopbackTarget();
        await using var relay = new NetworkRelay([new RelayTarget(http.EndPoint), new RelayTarget(tcp.EndPoint)]);
        await relay.StartAsync();

        Assert.Equal([http.EndPoint, tcp.EndPoint], relay.Routes.Select(r => r.Target));
        using var toTcp = await SocketTestExtensions.ConnectAsync(relay.EndPointFor(tcp.EndPoint));
        using var atTcp = await tcp.AcceptAsync();
        await toTcp.SendAllAsync("tcp"u8.ToArray());
        Assert.Equal("tcp"u8.ToArray(), await atTcp.ReceiveExactlyAsync(3));

        var mapped = relay.UriFor(new Uri($"http://127.0.0.1:{http.EndPoint.Port}/sse?cursor=3"));
        Assert.Equal($"http://127.0.0.1:{relay.EndPointFor(http.EndPoint).Port}/sse?cursor=3", mapped.ToString());
        Assert.NotEqual(http.EndPoint.Port, mapped.Port);
        Assert.Throws<ArgumentException>(() => relay.EndPointFor(new IPEndPoint(IPAddress.Loopback, 1)));
        Assert.Throws<ArgumentException>(() => relay.UriFor(new Uri($"http://localhost:{http.EndPoint.Port}/")));
    }

    [Fact]
    public async Task With_a_delay_on_fake_time_nothing_arrives_until_the_clock_has_passed_it_each_way()
    {
        // The handshake's round trip has its own test below: here the connection is ready as soon as it is accepted.
        var time = new ManualTimeProvider();
        await using var path = await RelayedConnection.OpenAsync(new NetworkRelayOptions { Conditions = NetworkConditions.Create(TimeSpan.FromMilliseconds(100)), Time = time, Handshake = false });
        var (relay, client, server) = (path.Relay, path.Client, path.Server);

        await client.SendAllAsync("ping"u8.ToArray());
        await Eventually.AssertAsync(() => time.ArmedTimers == 1, "the relay should have read the ping and be waiting out its delay");
        time.Advance(TimeSpan.FromMilliseconds(50) - Tick);
        Assert.Equal(0, server.Available);
        Assert.Equal(0, relay.Counters.ToServer.DeliveredBytes);
        time.Advance(Tick);
        Assert.Equal("ping"u8.ToArray(), await server.ReceiveExactlyAsync(4));

        await server.SendAllAsync("pong"u8.ToArray());
        await Eventually.AssertAsync(() => time.ArmedTimers == 1, "the relay should have read the pong and be waiting out its delay");
        time.Advance(TimeSpan.FromMilliseconds(50) - Tick);
        Assert.Equal(0, client.Available);
        time.Advance(Tick);
        Assert.Equal("pong"u8.ToArray(), await client.ReceiveExactlyAsync(4));
        Assert.Equal(TimeSpan.FromMilliseconds(100), time.Elapsed);
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero), (relay.Counters.ToServer.PeakLateness, relay.Counters.ToClient.PeakLateness));
    }

    [Fact]
    public async Task A_new_connections_first_bytes_pay_the_handshake_round_trip_and_later_ones_do_not()
    {
        // RTT 100 ms: the client's first bytes leave at 100 ms (SYN-ACK back) and arrive 50 ms later.
        var time = new ManualTimeProvider();
        await using var path = await RelayedConnection.OpenAsync(new NetworkRelayOptions { Conditions = NetworkConditions.Create(TimeSpan.FromMilliseconds(100)), Time = time });
        var (relay, client, server) = (path.Relay, path.Client, path.Server);

        await client.SendAllAsync("GET"u8.ToArray());
        await Eventually.AssertAsync(() => time.ArmedTimers == 1 && relay.OnTheWayBytes == 3, "the relay should hold the first bytes for the handshake");
        time.Advance(TimeSpan.FromMilliseconds(100) - Tick);
        Assert.Equal(0, relay.Counters.ToServer.Bytes);
        time.Advance(Tick);
        await Eventually.AssertAsync(() => relay.Counters.ToServer.Bytes == 3 && time.ArmedTimers == 1, "after one RTT the bytes should be on the link");
        time.Advance(TimeSpan.FromMilliseconds(50) - Tick);
        Assert.Equal(0, server.Available);
        time.Advance(Tick);
        Assert.Equal("GET"u8.ToArray(), await server.ReceiveExactlyAsync(3));
        Assert.Equal(0, relay.OnTheWayBytes);

        // The connection is open now: the next bytes take the one-way delay only.
        await client.SendAllAsync("more"u8.ToArray());
        await Eventually.AssertAsync(() => time.ArmedTimers == 1 && relay.Counters.ToServer.Bytes == 7, "the relay should have read the next bytes");
        time.Advance(TimeSpan.FromMilliseconds(50) - Tick);
        Assert.Equal(0, server.Available);
        time.Advance(Tick);
        Assert.Equal("more"u8.ToArray(), await server.ReceiveExactlyAsync(4));
        Assert.Equal(TimeSpan.FromMilliseconds(200), time.Elapsed);
    }

    [Fact]
    public async Task A_server_that_speaks_first_is_heard_two_round_trips_after_the_connect()
    {
        // Its accept completes at 1.5 RTT (the client's ACK arrives); its bytes then take the one-way delay back.
        var time = new ManualTimeProvider();
        await using var path = await RelayedConnection.OpenAsync(new NetworkRelayOptions { Conditions = NetworkConditions.Create(TimeSpan.FromMilliseconds(100)), Time = time });
        var (relay, client, server) = (path.Relay, path.Client, path.Server);

        await server.SendAllAsync("hello"u8.ToArray());
        await Eventually.AssertAsync(() => time.ArmedTimers == 1 && relay.OnTheWayBytes == 5, "the relay should hold the server's first bytes");
        time.Advance(TimeSpan.FromMilliseconds(150));
        await Eventually.AssertAsync(() => relay.Counters.ToClient.Bytes == 5 && time.ArmedTimers == 1, "at 1.5 RTT the bytes should be on the link");
        time.Advance(TimeSpan.FromMilliseconds(50) - Tick);
        Assert.Equal(0, client.Available);
        time.Advance(Tick);
        Assert.Equal("hello"u8.ToArray(), await client.ReceiveExactlyAsync(5));
    }

    [Fact]
    public async Task With_a_bandwidth_limit_on_fake_time_bytes_arrive_once_serialized()
    {
        var time = new ManualTimeProvider();
        var conditions = NetworkConditions.Create(TimeSpan.Zero, TimeSpan.Zero, bandwidthBitsPerSecond: 1_000_000);
        await using var path = await RelayedConnection.OpenAsync(new NetworkRelayOptions { Conditions = conditions, Time = time });
        var (relay, client, server) = (path.Relay, path.Client, path.Server);

        await client.SendAllAsync(new byte[1_250]);
        await Eventually.AssertAsync(() => time.ArmedTimers == 1 && relay.Counters.ToServer.Bytes == 1_250, "the relay should have queued all 1,250 bytes");
        time.Advance(TimeSpan.FromMilliseconds(10) - Tick);
        Assert.Equal(0, server.Available);
        time.Advance(Tick);
        Assert.Equal(1_250, (await server.ReceiveExactlyAsync(1_250)).Length);
        Assert.Equal(1_250, relay.Counters.ToServer.PeakQueuedBytes);
    }

    [Fact]
    public async Task A_stage_sees_each_side_and_decides_what_goes_on()
    {
        await using var path = await RelayedConnection.OpenAsync(new NetworkRelayOptions { Stage = _ => new ShoutingStage() });
        var (relay, client, server) = (path.Relay, path.Client, path.Server);

        await client.SendAllAsync("hello"u8.ToArray());
        Assert.Equal("HELLO", Encoding.ASCII.GetString(await server.ReceiveExactlyAsync(5)));
        await server.SendAllAsync("quiet please"u8.ToArray());
        Assert.Equal("quiet please", Encoding.ASCII.GetString(await client.ReceiveExactlyAsync(12)));

        client.Shutdown(SocketShutdown.Send);
        Assert.Empty(await server.ReceiveToEndAsync());
        server.Shutdown(SocketShutdown.Send);
        Assert.Empty(await client.ReceiveToEndAsync());
        await Eventually.AssertAsync(() => relay.Counters is { Open: 0, Aborted: 0 }, "both ends finished through the stage");
    }

    [Fact]
    public async Task A_stage_can_answer_the_client_itself_and_the_server_sees_only_the_end()
    {
        await using var path = await RelayedConnection.OpenAsync(new NetworkRelayOptions { Stage = _ => new RefusingStage() });
        var (client, server) = (path.Client, path.Server);

        await client.SendAllAsync("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n"u8.ToArray());

        Assert.Equal(RefusingStage.Answer, Encoding.ASCII.GetString(await client.ReceiveToEndAsync()));
        Assert.Empty(await server.ReceiveToEndAsync());
    }

    [Fact]
    public async Task A_stage_that_fails_aborts_its_connection_and_is_counted()
    {
        await using var path = await RelayedConnection.OpenAsync(new NetworkRelayOptions { Stage = _ => new FailingStage() });
        var (relay, client, server) = (path.Relay, path.Client, path.Server);

        await client.SendAllAsync("boom"u8.ToArray());

        await Assert.ThrowsAsync<SocketException>(() => client.ReceiveToEndAsync());
        await Assert.ThrowsAsync<SocketException>(() => server.ReceiveToEndAsync());
        await Eventually.AssertAsync(() => relay.Counters.Aborted == 1, "the stage's failure should be counted as an abort");
    }

    [Fact]
    public async Task Disposing_resets_open_connections_stops_listening_and_counts_no_abort()
    {
        await using var path = await RelayedConnection.OpenAsync();
        var (relay, client, server) = (path.Relay, path.Client, path.Server);
        var listening = relay.EndPointFor(path.Target.EndPoint);
        await client.SendAllAsync("x"u8.ToArray());
        await server.ReceiveExactlyAsync(1);

        await relay.DisposeAsync().AsTask().WaitAsync(TestDefaults.Timeout);

        await Assert.ThrowsAsync<SocketException>(() => client.ReceiveToEndAsync());
        Assert.Equal((0, 0), (relay.Counters.Open, relay.Counters.Aborted));
        await Assert.ThrowsAsync<SocketException>(() => SocketTestExtensions.ConnectAsync(listening));
    }

    /// <summary>Upper-cases what the client sends; passes the server's bytes as they are.</summary>
    private sealed class ShoutingStage : IRelayStage
    {
        public Task RunAsync(IDuplexPipe client, IDuplexPipe server, CancellationToken cancellationToken) =>
            Task.WhenAll(CopyAsync(client.Input, server.Output, shout: true, cancellationToken), CopyAsync(server.Input, client.Output, shout: false, cancellationToken));

        private static async Task CopyAsync(PipeReader from, PipeWriter to, bool shout, CancellationToken cancellationToken)
        {
            while (true)
            {
                var result = await from.ReadAsync(cancellationToken);
                foreach (var segment in result.Buffer)
                {
                    var bytes = segment.ToArray();
                    if (shout)
                    {
                        bytes = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(bytes).ToUpperInvariant());
                    }

                    await to.WriteAsync(bytes, cancellationToken);
                }

                from.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    await to.CompleteAsync();
                    return;
                }
            }
        }
    }

    /// <summary>Reads the request head, answers 403 itself and ends both directions, as a proxy refusing it would.</summary>
    private sealed class RefusingStage : IRelayStage
    {
        public const string Answer = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

        public async Task RunAsync(IDuplexPipe client, IDuplexPipe server, CancellationToken cancellationToken)
        {
            while (true)
            {
                var result = await client.Input.ReadAsync(cancellationToken);
                var head = Encoding.ASCII.GetString(result.Buffer.ToArray());
                client.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                if (head.Contains("\r\n\r\n", StringComparison.Ordinal) || result.IsCompleted)
                {
                    break;
                }
            }

            await client.Output.WriteAsync(Encoding.ASCII.GetBytes(Answer), cancellationToken);
        }
    }

    private sealed class FailingStage : IRelayStage
    {
        public async Task RunAsync(IDuplexPipe client, IDuplexPipe server, CancellationToken cancellationToken)
        {
            await client.Input.ReadAsync(cancellationToken);
            throw new InvalidDataException("the stage refuses this connection");
        }
    }
}
