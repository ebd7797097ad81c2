using Transports.Clients;

namespace Transports.Tests;

/// <summary>Keeps every delivered event, and lets a test wait (bounded) for a condition on them.</summary>
public sealed class RecordingSink : IEventSink
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedEvent> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ReceivedEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<long> Sequences => [.. Events.Select(e => e.Sequence)];

    public void OnEvent(in ReceivedEvent received)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _events.Add(received);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Waits until an event with sequence &gt;= <paramref name="sequence"/> has arrived.</summary>
    public Task WaitForSequenceAsync(long sequence) => WaitUntilAsync(events => events.Any(e => e.Sequence >= sequence));

    public async Task WaitUntilAsync(Func<IReadOnlyList<ReceivedEvent>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestDefaults.Timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(_events))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }
}
