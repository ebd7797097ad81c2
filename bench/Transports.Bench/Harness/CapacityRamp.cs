namespace Transports.Bench.Harness;

/// <summary>
/// Where a capacity search measures next, from what passed and failed so far: double from the start until a step fails
/// (or the ceiling passes), then halve the gap between the best pass and the first failure until it is within
/// <see cref="Resolution"/> of the pass, then measure the best pass once more. A repeat that fails makes that value a
/// failure and the search goes on below it (at most <see cref="MaxConfirmations"/> repeats). Pure logic: the schedule
/// measures, this decides.
/// </summary>
public sealed class CapacityRamp
{
    /// <summary>Bisection stops once the gap is at most this fraction of the best pass.</summary>
    public const double Resolution = 0.1;

    public const int MaxConfirmations = 3;

    private readonly double _ceiling;
    private readonly double _minimum;
    private readonly bool _whole;
    private readonly HashSet<double> _failed = [];
    private readonly SortedSet<double> _passed = [];
    private int _confirmations;

    /// <param name="start">The first value measured (clamped to the ceiling).</param>
    /// <param name="ceiling">The largest value that may be measured.</param>
    /// <param name="minimum">The smallest value worth measuring (1 client, 1 event/s).</param>
    /// <param name="whole">Values are whole numbers (clients); otherwise three significant digits (rates).</param>
    public CapacityRamp(double start, double ceiling, double minimum, bool whole)
    {
        if (!(minimum > 0 && ceiling >= minimum && start >= minimum))
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"need 0 < minimum ({minimum}) <= start ({start}) and minimum <= ceiling ({ceiling})");
        }

        _ceiling = ceiling;
        _minimum = minimum;
        _whole = whole;
        Next = Math.Min(start, ceiling);
    }

    /// <summary>The value to measure next; null once the search is over.</summary>
    public double? Next { get; private set; }

    /// <summary>Whether <see cref="Next"/> repeats the best pass to confirm it.</summary>
    public bool NextIsConfirmation { get; private set; }

    /// <summary>The largest value that passed and never failed; null while none has.</summary>
    public double? Max => _passed.Count == 0 ? null : _passed.Max;

    /// <summary>The smallest value that failed; null while none has.</summary>
    public double? FirstFailure => _failed.Count == 0 ? null : _failed.Min();

    /// <summary>Whether <see cref="Max"/> passed its repeat.</summary>
    public bool Confirmed { get; private set; }

    /// <summary>Whether the ceiling itself passed: the true limit is higher than this machine lets us try.</summary>
    public bool ReachedCeiling => Max is { } max && max >= _ceiling;

    /// <summary>Records the outcome of measuring <see cref="Next"/> and decides the value after it.</summary>
    public void Record(bool passed)
    {
        var value = Next ?? throw new InvalidOperationException("the search is over");
        var confirming = NextIsConfirmation;
        NextIsConfirmation = false;
        if (passed && !_failed.Contains(value))
        {
            _passed.Add(value);
        }
        else if (!passed)
        {
            _failed.Add(value);
            _passed.RemoveWhere(p => p >= value);
        }

        if (confirming)
        {
            _confirmations++;
            if (passed)
            {
                Confirmed = true;
                Next = null;
                return;
            }
        }

        if (passed && FirstFailure is null)
        {
            // Still ramping: double, or confirm once the ceiling itself has passed.
            Next = value >= _ceiling ? Confirm() : Math.Min(Round(value * 2), _ceiling);
            return;
        }

        Next = Bisect();
    }

    private double? Bisect()
    {
        var fail = FirstFailure!.Value;
        var low = Max ?? 0;
        var gap = fail - low;
        if (fail <= _minimum || (Max is { } pass && gap <= Math.Max(pass * Resolution, _whole ? 1 : 0)))
        {
            return Confirm();
        }

        var middle = low == 0 ? Math.Max(_minimum, Round(fail / 2)) : Round(low + (gap / 2));
        return middle > low && middle < fail ? middle : Confirm();
    }

    private double? Confirm()
    {
        if (Max is not { } best || _confirmations >= MaxConfirmations)
        {
            return null;
        }

        NextIsConfirmation = true;
        return best;
    }

    private double Round(double value)
    {
        if (_whole)
        {
            return Math.Floor(value);
        }

        // Three significant digits: names stay short and distinct (RunPlan keeps three decimals).
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)) - 2);
        return Math.Round(value / magnitude) * magnitude;
    }
}
