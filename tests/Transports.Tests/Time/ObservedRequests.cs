using Transports.Clients;

namespace Transports.Tests.Time;

/// <summary>
/// Counts a client's HTTP requests as they are sent and as their answers come back, and lets a test wait (bounded)
/// for a count: with fake time, the way to know a poll has happened before moving the clock again.
/// </summary>
public sealed class ObservedRequests
{
    private readonly Lock _gate = new();
    private int _sent;
    private int _answered;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Sent
    {
        get
        {
            lock (_gate)
            {
                return _sent;
            }
        }
    }

    public int Answered
    {
        get
        {
            lock (_gate)
            {
                return _answered;
            }
        }
    }

    /// <summary>The same connections, with every HTTP request observed here.</summary>
    public ClientConnections Observe(ClientConnections connections) => new()
    {
        HttpBase = connections.HttpBase,
        CreateHttpHandler = () => new Handler(this) { InnerHandler = connections.CreateHttpHandler() },
        ConnectWebSocket = connections.ConnectWebSocket,
        ConnectTcp = connections.ConnectTcp,
    };

    /// <summary>Waits until <paramref name="count"/> answers have come back.</summary>
    public async Task WaitForAnsweredAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TestDefaults.Timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_answered >= count)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    private void Count(ref int counter)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            counter++;
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class Handler(ObservedRequests owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            owner.Count(ref owner._sent);
            var response = await base.SendAsync(request, cancellationToken);
            owner.Count(ref owner._answered);
            return response;
        }
    }
}
