using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Transports.Network;

namespace Transports.Tests.Network;

/// <summary>
/// A relay stage on in-memory pipes: the test plays the client and the server, reads what the stage passed each way,
/// and can wait until the stage has taken in a number of the server's bytes (so "held, not passed" is a fact, not a
/// wait that hopes).
/// </summary>
internal sealed class StagePipes : IAsyncDisposable
{
    private readonly Pipe _fromClient = new();
    private readonly Pipe _toClient = new();
    private readonly Pipe _fromServer = new();
    private readonly Pipe _toServer = new();
    private readonly ConsumptionReader _serverInput;
    private readonly CancellationTokenSource _stop = new();

    public StagePipes(IRelayStage stage)
    {
        _serverInput = new ConsumptionReader(_fromServer.Reader);
        Run = stage.RunAsync(new Duplex(_fromClient.Reader, _toClient.Writer), new Duplex(_serverInput, _toServer.Writer), _stop.Token);
    }

    /// <summary>The stage's run: it ends when the stage returns.</summary>
    public Task Run { get; }

    public long ServerBytesTaken => _serverInput.Consumed;

    public ValueTask<FlushResult> ClientSendsAsync(string text) => _fromClient.Writer.WriteAsync(Encoding.Latin1.GetBytes(text));

    public ValueTask<FlushResult> ServerSendsAsync(string text) => _fromServer.Writer.WriteAsync(Encoding.Latin1.GetBytes(text));

    public ValueTask ClientClosesAsync() => _fromClient.Writer.CompleteAsync();

    public ValueTask ServerClosesAsync() => _fromServer.Writer.CompleteAsync();

    /// <summary>Exactly <paramref name="count"/> bytes the stage passed to the client (bounded wait).</summary>
    public Task<string> ClientReceivesAsync(int count) => ReadAsync(_toClient.Reader, count);

    public Task<string> ServerReceivesAsync(int count) => ReadAsync(_toServer.Reader, count);

    /// <summary>Everything the client gets until the stage ends its side (a FIN).</summary>
    public Task<string> ClientReceivesToEndAsync() => ReadToEndAsync(_toClient.Reader);

    public Task<string> ServerReceivesToEndAsync() => ReadToEndAsync(_toServer.Reader);

    /// <summary>What the client has been passed so far, without waiting.</summary>
    public string ClientHasNow() => Peek(_toClient.Reader);

    public string ServerHasNow() => Peek(_toServer.Reader);

    /// <summary>Waits (bounded) until the stage has consumed <paramref name="count"/> bytes the server sent.</summary>
    public async Task StageTookFromServerAsync(long count)
    {
        var deadline = DateTime.UtcNow + TestDefaults.Timeout;
        while (_serverInput.Consumed < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the stage took {_serverInput.Consumed} of the server's {count} bytes");
            await Task.Delay(1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _fromClient.Writer.CompleteAsync();
        await _fromServer.Writer.CompleteAsync();
        try
        {
            await Run.WaitAsync(TestDefaults.Timeout);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static async Task<string> ReadAsync(PipeReader reader, int count)
    {
        using var timeout = new CancellationTokenSource(TestDefaults.Timeout);
        while (true)
        {
            var result = await reader.ReadAsync(timeout.Token);
            if (result.Buffer.Length >= count || result.IsCompleted)
            {
                var take = result.Buffer.Slice(0, Math.Min(count, result.Buffer.Length));
                var text = Encoding.Latin1.GetString(take.ToArray());
                reader.AdvanceTo(take.End);
                return text;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static async Task<string> ReadToEndAsync(PipeReader reader)
    {
        using var timeout = new CancellationTokenSource(TestDefaults.Timeout);
        while (true)
        {
            var result = await reader.ReadAsync(timeout.Token);
            if (result.IsCompleted)
            {
                var text = Encoding.Latin1.GetString(result.Buffer.ToArray());
                reader.AdvanceTo(result.Buffer.End);
                return text;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static string Peek(PipeReader reader)
    {
        if (!reader.TryRead(out var result))
        {
            return "";
        }

        var text = Encoding.Latin1.GetString(result.Buffer.ToArray());
        reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        return text;
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>A reader that counts the bytes its user consumed (advanced past).</summary>
    private sealed class ConsumptionReader(PipeReader inner) : PipeReader
    {
        private ReadOnlySequence<byte> _last;
        private long _consumed;

        public long Consumed => Interlocked.Read(ref _consumed);

        public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            Interlocked.Add(ref _consumed, _last.Slice(_last.Start, consumed).Length);
            inner.AdvanceTo(consumed, examined);
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken);
            _last = result.Buffer;
            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            var read = inner.TryRead(out result);
            _last = result.Buffer;
            return read;
        }
    }
}
