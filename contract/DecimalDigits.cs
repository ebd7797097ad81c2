namespace Transports.Contract;

/// <summary>How many characters a non-negative number takes in decimal: frames that carry numbers as text size themselves with it.</summary>
public static class DecimalDigits
{
    public static int Count(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
