using System.Diagnostics;
using System.Net.Sockets;

namespace Transports.Bench.Fuzz;

/// <summary>The result of sending one input: what came back and what it amounts to.</summary>
public sealed record FuzzResult(FuzzInput Input, FuzzOutcome Outcome, FuzzResponse Response, bool ServerClosed, string? Failure);

/// <summary>
/// Sends one input on a fresh connection and reads the answer. An input that must be refused is waited on until the
/// refusal comes (bounded by <see cref="RefusalTimeout"/>, generous, so a loaded machine is not a failure); any other
/// until the answer settles, the server goes quiet for <see cref="QuietWindow"/>, or <see cref="AnyTimeout"/> passes
/// (a stream keeps talking). The client then closes.
/// </summary>
public static class FuzzExchange
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(150);
    public static readonly TimeSpan AnyTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Bytes of the answer kept for parsing; the rest is read and dropped.</summary>
    private const int KeptBytes = 64 * 1024;

    public static async Task<FuzzResult> SendAsync(FuzzInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var socket = new Socket(input.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(ConnectTimeout);
                await socket.ConnectAsync(input.EndPoint, connect.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new FuzzResult(input, FuzzOutcome.Held, FuzzResponse.None, false, $"could not connect: {e.Message}");
        }

        var serverClosed = false;
        var start = 0;
        try
        {
            foreach (var cut in input.Splits.Append(input.Bytes.Length))
            {
                if (cut > start)
                {
                    await SendAllAsync(socket, input.Bytes.AsMemory(start, cut - start), cancellationToken).ConfigureAwait(false);
                    start = cut;
                }
            }
        }
        catch (SocketException)
        {
            // The server refused before taking everything (closed or reset): that is its answer, and what it said
            // before closing (a 101 and a close frame, say) may still wait to be read.
            serverClosed = true;
        }

        var received = new List<byte>();
        (var response, var closedWhileReading) = await ReadAsync(socket, input, received, cancellationToken).ConfigureAwait(false);
        serverClosed |= closedWhileReading;

        var outcome = response.Outcome(serverClosed);
        var failure = outcome == FuzzOutcome.ServerError ? "the server answered 500"
            : input.Expect != FuzzExpectation.Any && outcome != FuzzOutcome.Refused ? $"expected a refusal, got {Describe(outcome, response)}"
            : null;
        return new FuzzResult(input, outcome, response, serverClosed, failure);
    }

    private static async Task<(FuzzResponse Response, bool ServerClosed)> ReadAsync(Socket socket, FuzzInput input, List<byte> received, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var started = Stopwatch.GetTimestamp();
        var limit = input.Expect == FuzzExpectation.Any ? AnyTimeout : RefusalTimeout;
        var response = FuzzResponse.None;
        while (true)
        {
            var left = limit - Stopwatch.GetElapsedTime(started);
            var wait = input.Expect == FuzzExpectation.Any && left > QuietWindow ? QuietWindow : left;
            if (wait <= TimeSpan.Zero)
            {
                return (response, false);
            }

            using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            read.CancelAfter(wait);
            int count;
            try
            {
                count = await socket.ReceiveAsync(buffer, SocketFlags.None, read.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Quiet for the window (or the limit passed): the server is holding the connection.
                return (response, false);
            }
            catch (SocketException)
            {
                return (response, true);
            }

            if (count == 0)
            {
                return (response, true);
            }

            if (received.Count < KeptBytes)
            {
                received.AddRange(buffer.AsSpan(0, Math.Min(count, KeptBytes - received.Count)));
                response = FuzzResponse.Parse(received.ToArray(), input.WebSocket);
            }

            if (response.Settled)
            {
                return (response, false);
            }
        }
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (bytes.Length > 0)
        {
            var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    private static string Describe(FuzzOutcome outcome, FuzzResponse response) =>
        response.Status is { } status ? $"{outcome.ToString().ToLowerInvariant()} ({status}{(response.CloseCode is { } code ? $", close {code}" : "")})" : outcome.ToString().ToLowerInvariant();
}
