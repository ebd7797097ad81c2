using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Transports.Tests.Wire;

/// <summary>
/// A listener that records the header block of every request it gets, byte for byte as the client wrote it, and answers
/// each with an empty 200: what a client puts on the wire, with no server in between.
/// </summary>
public sealed class RequestCapture : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<string> _requests = [];
    private readonly Task _accepting;
    private readonly CancellationTokenSource _stop = new();

    public RequestCapture()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>What it answers to every request: a head and no body.</summary>
    public const string Answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Every header block so far, each ending with its blank line.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _ = _accepting.ContinueWith(static _ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[16 * 1024];
            var text = new StringBuilder();
            try
            {
                while (true)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    text.Append(Encoding.Latin1.GetString(buffer, 0, read));
                    int end;
                    while ((end = text.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                    {
                        lock (_requests)
                        {
                            _requests.Add(text.ToString(0, end + 4));
                        }

                        text.Remove(0, end + 4);
                        await socket.SendAsync(Encoding.Latin1.GetBytes(Answer), SocketFlags.None, _stop.Token);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // The test is over or the client left.
            }
        }
    }
}
