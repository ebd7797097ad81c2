namespace Transports.Charts;

/// <summary>
/// Where a bar goes in its group: bars of a group sit side by side in the middle of the group's slot, and
/// <see cref="Room"/> is the width its value label may take without touching a neighbour's.
/// </summary>
internal sealed record BarLayout(int Group, Bar Bar, double X, double Width, double Room)
{
    public static IReadOnlyList<BarLayout> Of(IReadOnlyList<BarGroup> groups, double left, double slot, double scale)
    {
        var placed = new List<BarLayout>();
        for (var i = 0; i < groups.Count; i++)
        {
            var count = groups[i].Bars.Count;
            if (count == 0)
            {
                continue;
            }

            // A lone bar stays slim; several share most of the slot.
            var bars = groups[i].Bars;
            var pitch = Math.Min(slot * 0.84 / count, slot * 0.5);
            var gap = Math.Min(6 * scale, pitch * 0.15);
            var edge = (slot - (pitch * count)) / 2;
            var start = left + (slot * i) + edge;
            for (var j = 0; j < count; j++)
            {
                // A label may spread over a neighbour that has no label of its own and is no taller.
                var leftFree = j == 0 ? (pitch / 2) + edge : Free(bars[j - 1], bars[j], pitch);
                var rightFree = j == count - 1 ? (pitch / 2) + edge : Free(bars[j + 1], bars[j], pitch);
                var room = (2 * Math.Min(leftFree, rightFree)) - (6 * scale);
                placed.Add(new BarLayout(i, bars[j], start + (j * pitch) + (gap / 2), pitch - gap, room));
            }
        }

        return placed;
    }

    private static double Free(Bar neighbour, Bar bar, double pitch) =>
        neighbour.ValueLabel is null && neighbour.Value <= bar.Value ? pitch : pitch / 2;
}
