using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Transports.Bench.Harness;
using Transports.Clients;
using Transports.Contract;

namespace Transports.Bench.Browser;

/// <summary>
/// One Chromium page as a client of one transport, through the browser's own fetch, EventSource or WebSocket: the
/// live page in client mode (`/?client=1`), in a browser context of its own so no two pages share a connection. The
/// page stamps each event's receive time on its own clock (performance.now()) and reports events in batches through a
/// function Playwright exposes; this client turns the page's times into this host's Stopwatch ticks by an NTP-style
/// offset, estimated when it starts and again before every window (<see cref="SyncClockAsync"/>). A page counts no
/// bytes: the server's counters do, where its connections enter the suite.
/// </summary>
public sealed class BrowserClient : ITransportClient
{
    /// <summary>Exchanges per clock estimate: the one with the smallest round trip is kept.</summary>
    public const int ClockExchanges = 16;

    /// <summary>The page's clock as the harness reads it: performance.now() in microseconds.</summary>
    private const long PageFrequency = 1_000_000;

    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(30);

    private readonly IBrowserContext _context;
    private readonly IPage _page;
    private readonly TransportDescriptor _transport;
    private readonly IEventSink _sink;
    private readonly ClientOptions _options;
    private readonly Lock _gate = new();
    private ClockOffset _pageClock = ClockOffset.None;
    private long _reconnects;
    private long _pageErrors;
    private long _malformed;
    private long _cursor = -1;

    private BrowserClient(IBrowserContext context, IPage page, TransportDescriptor transport, IEventSink sink, ClientOptions options)
    {
        _context = context;
        _page = page;
        _transport = transport;
        _sink = sink;
        _options = options;
    }

    public string Transport => _transport.Id;

    public long? Cursor => Interlocked.Read(ref _cursor) is >= 0 and var cursor ? cursor : null;

    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>What the page counted (failed requests, lost connections) and reports this client could not read.</summary>
    public long Errors => Interlocked.Read(ref _pageErrors) + Interlocked.Read(ref _malformed);

    /// <summary>The page's clock against this host's, from the latest <see cref="SyncClockAsync"/>.</summary>
    public ClockOffset PageClock => _pageClock;

    /// <summary>
    /// Opens a context and a page on <paramref name="httpBase"/>'s live page in client mode and waits for it to load;
    /// nothing is subscribed until <see cref="StartAsync"/>.
    /// </summary>
    public static async Task<BrowserClient> OpenAsync(Chromium chromium, Uri httpBase, string transport, IEventSink sink, ClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chromium);
        ArgumentNullException.ThrowIfNull(httpBase);
        var descriptor = TransportIds.Get(transport);
        if (descriptor.Browser == BrowserApi.None)
        {
            throw new ArgumentException($"{transport}: a browser page cannot speak it", nameof(transport));
        }

        var context = await chromium.Browser.NewContextAsync().WaitAsync(PageTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            var page = await context.NewPageAsync().WaitAsync(PageTimeout, cancellationToken).ConfigureAwait(false);
            var client = new BrowserClient(context, page, descriptor, sink, options);
            await page.ExposeFunctionAsync<string, bool>("transportsReport", client.OnReport).WaitAsync(PageTimeout, cancellationToken).ConfigureAwait(false);
            await page.GotoAsync(new Uri(httpBase, TransportPaths.Page + "?client=1").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load })
                .WaitAsync(PageTimeout, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await context.CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task StartAsync(long? cursor, CancellationToken cancellationToken) => StartAsync(cursor, hold: false, cancellationToken);

    /// <summary>
    /// Subscribes and returns once the page's subscription is open. <paramref name="hold"/>: a polling page sends
    /// nothing more until <see cref="ReleaseAsync"/>, so the harness can read the subscription's bytes alone.
    /// </summary>
    public async Task StartAsync(long? cursor, bool hold, CancellationToken cancellationToken)
    {
        await SyncClockAsync(cancellationToken).ConfigureAwait(false);
        var options = new
        {
            transport = new
            {
                id = _transport.Id,
                path = _transport.Path,
                wireFormat = JsonNamingPolicy.CamelCase.ConvertName(_transport.WireFormat.ToString()),
                browser = JsonNamingPolicy.CamelCase.ConvertName(_transport.Browser.ToString()),
            },
            pollIntervalMs = _options.PollInterval.TotalMilliseconds,
            cursor,
            hold,
        };
        var position = await _page.EvaluateAsync<long?>("options => window.transportsStart(options)", options).WaitAsync(PageTimeout, cancellationToken).ConfigureAwait(false);
        if (position is { } start && Cursor is null)
        {
            Interlocked.Exchange(ref _cursor, start);
        }

        _sink.OnSubscribed();
    }

    /// <summary>Lets a held page (<see cref="StartAsync(long?, bool, CancellationToken)"/>) go on.</summary>
    public Task ReleaseAsync(CancellationToken cancellationToken) =>
        _page.EvaluateAsync("() => window.transportsRelease()").WaitAsync(PageTimeout, cancellationToken);

    /// <summary>
    /// Estimates the page's clock against this host's NTP-style: this host's Stopwatch around an evaluation of
    /// performance.now() in the page, <see cref="ClockExchanges"/> times, the exchange with the smallest round trip
    /// kept (its half round trip bounds the error). Receive times reported after this use the new estimate.
    /// </summary>
    public async Task<ClockOffset> SyncClockAsync(CancellationToken cancellationToken)
    {
        // The first exchange warms the channel: it is not a sample.
        await ReadPageClockAsync(cancellationToken).ConfigureAwait(false);
        var samples = new List<ClockSample>(ClockExchanges);
        for (var i = 0; i < ClockExchanges; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var page = await ReadPageClockAsync(cancellationToken).ConfigureAwait(false);
            var t3 = Stopwatch.GetTimestamp();
            samples.Add(new ClockSample(t0, page, page, t3, Stopwatch.Frequency, PageFrequency));
        }

        var clock = ClockOffset.FromBest(samples);
        lock (_gate)
        {
            _pageClock = clock;
        }

        return clock;
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        await _page.EvaluateAsync("message => window.transportsSend(message)", Encoding.ASCII.GetString(message.Span)).WaitAsync(PageTimeout, cancellationToken).ConfigureAwait(false);

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (!_page.IsClosed)
        {
            await _page.EvaluateAsync("() => window.transportsClose()").WaitAsync(PageTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync().ConfigureAwait(false);

    private async Task<long> ReadPageClockAsync(CancellationToken cancellationToken) =>
        (long)Math.Round(await _page.EvaluateAsync<double>("() => performance.now()").WaitAsync(PageTimeout, cancellationToken).ConfigureAwait(false) * 1000);

    /// <summary>One batch from the page: "reconnects errors", then "header length receivedAt" per event. One page reports one batch at a time.</summary>
    private bool OnReport(string batch)
    {
        lock (_gate)
        {
            var lines = batch.Split('\n');
            var counts = lines[0].Split(' ');
            Interlocked.Exchange(ref _reconnects, long.Parse(counts[0], CultureInfo.InvariantCulture));
            Interlocked.Exchange(ref _pageErrors, long.Parse(counts[1], CultureInfo.InvariantCulture));
            for (var i = 1; i < lines.Length; i++)
            {
                var fields = lines[i].Split(' ');
                if (fields.Length != 3
                    || !EventMessage.TryRead(Encoding.ASCII.GetBytes(fields[0]), out var sequence, out var published)
                    || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var receivedMs))
                {
                    Interlocked.Increment(ref _malformed);
                    continue;
                }

                var received = _pageClock.ToClientTicks((long)Math.Round(receivedMs * 1000));
                Interlocked.Exchange(ref _cursor, sequence);
                _sink.OnEvent(new ReceivedEvent(sequence, published, received, length));
            }
        }

        return true;
    }
}
