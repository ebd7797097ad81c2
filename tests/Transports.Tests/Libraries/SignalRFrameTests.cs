using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.SignalR.Protocol;
using Transports.Bench.Harness;
using Transports.Contract;
using Transports.Tests.Harness;

namespace Transports.Tests.Libraries;

/// <summary>
/// SignalR's bytes held to what its JSON hub protocol fixes (HubProtocol.md, TransportProtocols.md): an invocation
/// <c>{"type":1,"target":"event","arguments":["…"]}</c> plus 0x1E (45 bytes around the message), inside a WebSocket
/// text frame, or an SSE <c>data: …\r\n\r\n</c> event in four HTTP/1.1 chunks.
/// </summary>
public sealed class SignalRFrameTests(HarnessFixture harness) : IClassFixture<HarnessFixture>
{
    private const int Invocation = 45;

    [Theory]
    [InlineData(SignalRFrames.EventTarget)]
    [InlineData(SignalRFrames.PublishTarget)]
    public void Our_invocation_writer_writes_the_bytes_of_the_shared_frameworks_JsonHubProtocol(string target)
    {
        var message = EventMessage.Create(7, 123_456_789, 40);
        var ours = new ArrayBufferWriter<byte>();
        var official = new ArrayBufferWriter<byte>();

        SignalRFrames.WriteInvocation(ours, target, message);
        new JsonHubProtocol().WriteMessage(new InvocationMessage(target, [Encoding.ASCII.GetString(message)]), official);

        Assert.Equal(Encoding.ASCII.GetString(official.WrittenSpan), Encoding.ASCII.GetString(ours.WrittenSpan));
        Assert.Equal(SignalRFrames.InvocationOverhead(target) + message.Length, ours.WrittenCount);
        Assert.Equal(Invocation, SignalRFrames.InvocationOverhead(SignalRFrames.EventTarget));
    }

    [Fact]
    public void Reading_a_record_gives_the_event_message_back_and_a_broken_one_fails()
    {
        var message = EventMessage.Create(9, 42, 20);
        var frame = new ArrayBufferWriter<byte>();
        SignalRFrames.WriteInvocation(frame, SignalRFrames.EventTarget, message);
        var scratch = new byte[64];

        var record = SignalRFrames.Read(frame.WrittenSpan[..^1], scratch);

        Assert.Equal(SignalRFrames.Invocation, record.Type);
        Assert.Equal(SignalRFrames.EventTarget, record.Target);
        Assert.Equal(message, record.Argument.ToArray());
        Assert.ThrowsAny<Exception>(() => SignalRFrames.Read("[1,2]"u8, scratch));
    }

    [Theory]
    [InlineData(16, 2)]
    [InlineData(300, 4)]
    public async Task Over_WebSockets_each_event_costs_the_invocation_and_the_frame_header(int payload, int frameHeader)
    {
        var perEvent = await BytesPerEventAsync(SignalRTransportNames.WebSockets, payload);

        Assert.All(perEvent, bytes => Assert.Equal(payload + Invocation + frameHeader, bytes));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(300)]
    public async Task Over_ServerSentEvents_each_event_costs_the_invocation_a_data_line_and_four_chunks(int payload)
    {
        var perEvent = await BytesPerEventAsync(SignalRTransportNames.ServerSentEvents, payload);

        // "data: " + record + "\r\n" + "\r\n". SignalR's ServerSentEventsMessageFormatter writes these as four
        // writes to the response stream, and Kestrel sends each as its own HTTP/1.1 chunk (hex length + CRLF, data,
        // CRLF): "6" for the prefix, the record's length in hex, "2" and "2" for the line ends.
        var record = Invocation + payload;
        var chunks = (1 + 4) + (record.ToString("x", CultureInfo.InvariantCulture).Length + 4) + (1 + 4) + (1 + 4);
        Assert.All(perEvent, bytes => Assert.Equal(record + "data: ".Length + 2 + 2 + chunks, bytes));
    }

    [Fact]
    public async Task A_broken_expectation_fails_the_per_event_count()
    {
        var perEvent = await BytesPerEventAsync(SignalRTransportNames.WebSockets, 16);

        // The check above can fail: one byte off (say, forgetting the record separator) is caught.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Assert.All(perEvent, bytes => Assert.Equal(16 + Invocation - 1 + 2, bytes)));
    }

    [Fact]
    public async Task Over_long_polling_every_event_arrives_and_auto_negotiates_websockets()
    {
        var polled = await RunAsync(SignalRTransportNames.LongPolling, 16);
        var auto = await RunAsync(LibraryTransports.Auto, 16);

        Assert.Equal(0, polled.EventsLost);
        Assert.Equal(polled.EventsExpected, polled.EventsDelivered);
        Assert.Equal(SignalRTransportNames.LongPolling, polled.NegotiatedTransport);
        Assert.True(polled.HttpRequests > 0);
        Assert.Equal(0, auto.EventsLost);
        Assert.Equal(SignalRTransportNames.WebSockets, auto.NegotiatedTransport);
    }

    /// <summary>
    /// Bytes the client read for each of a few events, published one at a time and each awaited before the next, so
    /// SignalR's transport never joins two records into one frame or one SSE write (it sends what its pipe holds).
    /// </summary>
    private static async Task<List<long>> BytesPerEventAsync(string transport, int payload)
    {
        await using var server = await LoopbackTestServer.StartAsync();
        var counter = new WireCounter();
        var sink = new RecordingSink();
        var options = TestDefaults.ClientOptions with { SignalRTransport = transport, SignalRKeepAlive = TimeSpan.FromHours(1) };
        await using var client = Clients.TransportClients.Create(TransportIds.SignalR, server.Connections(counter), sink, options);
        await client.StartAsync(null, CancellationToken.None).WaitAsync(TestDefaults.Timeout);

        // The ping the client sends after the handshake (as @microsoft/signalr does) is answered before the first event.
        await ((Clients.SignalRClient)client).SetUp.WaitAsync(TestDefaults.Timeout);
        Assert.Equal(transport, ((Clients.INegotiatingClient)client).NegotiatedTransport);
        var perEvent = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var before = counter.Snapshot().BytesIn;
            var published = server.Server.Feed.Publish(payload);
            await sink.WaitForSequenceAsync(published.Sequence);
            perEvent.Add(counter.Snapshot().BytesIn - before);
        }

        return perEvent;
    }

    private Task<Results.ScenarioResult> RunAsync(string transport, int payload) =>
        harness.Runner.RunAsync(
            new Scenario(TransportIds.SignalR, payload, RateHz: 10, Clients: 1, TimeSpan.FromMilliseconds(250), 0, TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(0.2), Windows: 2) { SignalRTransport = transport },
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
}
