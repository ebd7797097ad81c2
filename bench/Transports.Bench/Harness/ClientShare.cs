using System.Globalization;

namespace Transports.Bench.Harness;

/// <summary>
/// This host's part of a run's clients (`run --client-share K/N`): share <see cref="Share"/> of <see cref="Shares"/>.
/// Shares split each scenario's clients as evenly as they go, the first ones taking one more where they do not
/// divide. A null <see cref="Share"/> (written auto/N) is numbered by the server in the order the shards join,
/// for engines such as crank that start every load agent of a job with one command line.
/// </summary>
public sealed record ClientShare(int? Share, int Shares)
{
    /// <summary>The most shards one run may have.</summary>
    public const int MaxShares = 64;

    /// <summary>All the clients on this host: no other shard.</summary>
    public static ClientShare Whole { get; } = new(1, 1);

    /// <summary>Share 1 runs the feed (pauses and publishes) for every shard; the others follow its windows.</summary>
    public bool IsCoordinator => Share == 1;

    /// <summary>Parses "K/N" (1 ≤ K ≤ N) or "auto/N"; anything else is a usage error naming the option.</summary>
    public static ClientShare Parse(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var shares) && shares is >= 1 and <= MaxShares)
        {
            if (parts[0] == "auto")
            {
                return new ClientShare(null, shares);
            }

            if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var share) && share >= 1 && share <= shares)
            {
                return new ClientShare(share, shares);
            }
        }

        throw new UsageException($"{option}: '{text}' is not K/N with 1 <= K <= N <= {MaxShares} (or auto/N)");
    }

    /// <summary>This share's clients of <paramref name="total"/>.</summary>
    public int ClientsOf(int total)
    {
        var share = Share ?? throw new InvalidOperationException("an auto share has no number until it joins");
        return (total / Shares) + (share <= total % Shares ? 1 : 0);
    }

    /// <summary>Where this share's clients start among every share's clients of <paramref name="total"/> (they are numbered share by share).</summary>
    public int FirstClientOf(int total) =>
        Enumerable.Range(1, (Share ?? throw new InvalidOperationException("an auto share has no number until it joins")) - 1).Sum(k => Numbered(k).ClientsOf(total));

    /// <summary>The same share with the number the server gave it.</summary>
    public ClientShare Numbered(int share) => this with { Share = share };

    /// <summary>The scenario as this share runs it: its own clients, named and reported by the whole run's.</summary>
    public Scenario Apply(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Shares == 1 ? scenario : scenario with { Clients = ClientsOf(scenario.Clients), Share = this, WholeClients = scenario.Clients };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(Share is { } k ? k.ToString(CultureInfo.InvariantCulture) : "auto")}/{Shares}");
}
