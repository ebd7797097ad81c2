using System.Text;

namespace Transports.Results.Shards;

/// <summary>
/// samples.bin, beside a shard's results.json: its raw samples, so `results merge` computes percentiles from every
/// sample of every shard instead of averaging them. Little-endian, integers as 7-bit varints (a latency of a few
/// milliseconds in nanosecond ticks takes 3 bytes):
/// header "TRSAMPLE", version (byte), Stopwatch frequency of the recording host, share K, shares N;
/// then one record per scenario, appended as it completes: its byte length (int32), then name, first and last
/// sequence, clients, and per client: sample count, overflow, sum, max, window marks (count, then each), delivered
/// runs (count, then offset and length of each), then the samples. A record cut short by a crash is left out.
/// </summary>
/// <param name="Frequency">Ticks per second of the host that recorded the samples.</param>
/// <param name="Share">This shard's share K.</param>
/// <param name="Shares">The run's shares N.</param>
/// <param name="Scenarios">One record per scenario measured.</param>
public sealed record SampleFile(long Frequency, int Share, int Shares, IReadOnlyList<ScenarioSamples> Scenarios)
{
    public const string FileName = "samples.bin";
    private const byte Version = 1;
    private static readonly byte[] Magic = "TRSAMPLE"u8.ToArray();

    /// <summary>Starts the file in <paramref name="directory"/> with its header (replacing an older one).</summary>
    public static string Create(string directory, long frequency, int share, int shares)
    {
        var path = Path.Combine(directory, FileName);
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write7BitEncodedInt64(frequency);
        writer.Write7BitEncodedInt(share);
        writer.Write7BitEncodedInt(shares);
        return path;
    }

    /// <summary>Appends one scenario's record in one write.</summary>
    public static void Append(string path, ScenarioSamples scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        using var record = new MemoryStream();
        using (var writer = new BinaryWriter(record, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(scenario.Name);
            writer.Write7BitEncodedInt64(scenario.FirstSequence);
            writer.Write7BitEncodedInt64(scenario.LastSequence);
            writer.Write7BitEncodedInt(scenario.Clients.Count);
            foreach (var client in scenario.Clients)
            {
                writer.Write7BitEncodedInt(client.LatencyTicks.Length);
                writer.Write7BitEncodedInt64(client.Overflow);
                writer.Write7BitEncodedInt64(client.SumTicks);
                writer.Write7BitEncodedInt64(client.MaxTicks);
                writer.Write7BitEncodedInt(client.WindowMarks.Count);
                foreach (var mark in client.WindowMarks)
                {
                    writer.Write7BitEncodedInt(mark);
                }

                writer.Write7BitEncodedInt(client.Delivered.Count);
                foreach (var run in client.Delivered)
                {
                    writer.Write7BitEncodedInt64(run.Offset);
                    writer.Write7BitEncodedInt64(run.Length);
                }

                foreach (var ticks in client.LatencyTicks)
                {
                    writer.Write7BitEncodedInt64(ticks);
                }
            }
        }

        using var file = new FileStream(path, FileMode.Append, FileAccess.Write);
        Span<byte> length = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, checked((int)record.Length));
        file.Write(length);
        record.Position = 0;
        record.CopyTo(file);
    }

    /// <summary>Reads a samples.bin; <see cref="InvalidDataException"/> with a one-line reason when it is not one.</summary>
    public static SampleFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"No samples file at {path}: a shard's folder has one (run --client-share).");
        }

        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadByte() != Version)
            {
                throw new InvalidDataException($"{path} is not a samples file of this version.");
            }

            var frequency = reader.Read7BitEncodedInt64();
            var share = reader.Read7BitEncodedInt();
            var shares = reader.Read7BitEncodedInt();
            var scenarios = new List<ScenarioSamples>();
            while (stream.Position + sizeof(int) <= stream.Length)
            {
                var length = reader.ReadInt32();
                if (length < 0 || stream.Position + length > stream.Length)
                {
                    break;
                }

                using var record = new BinaryReader(new MemoryStream(reader.ReadBytes(length)), Encoding.UTF8);
                scenarios.Add(ReadScenario(record));
            }

            return new SampleFile(frequency, share, shares, scenarios);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"{path} is not a valid samples file: {e.Message}", e);
        }
    }

    private static ScenarioSamples ReadScenario(BinaryReader reader)
    {
        var name = reader.ReadString();
        var first = reader.Read7BitEncodedInt64();
        var last = reader.Read7BitEncodedInt64();
        var clients = new ClientSamples[Count(reader)];
        for (var c = 0; c < clients.Length; c++)
        {
            var count = Count(reader);
            var overflow = reader.Read7BitEncodedInt64();
            var sum = reader.Read7BitEncodedInt64();
            var max = reader.Read7BitEncodedInt64();
            var marks = new int[Count(reader)];
            for (var i = 0; i < marks.Length; i++)
            {
                marks[i] = reader.Read7BitEncodedInt();
            }

            var runs = new (long, long)[Count(reader)];
            for (var i = 0; i < runs.Length; i++)
            {
                runs[i] = (reader.Read7BitEncodedInt64(), reader.Read7BitEncodedInt64());
            }

            var ticks = new long[count];
            for (var i = 0; i < count; i++)
            {
                ticks[i] = reader.Read7BitEncodedInt64();
            }

            clients[c] = new ClientSamples { LatencyTicks = ticks, Overflow = overflow, SumTicks = sum, MaxTicks = max, WindowMarks = marks, Delivered = runs };
        }

        return new ScenarioSamples(name, first, last, clients);
    }

    /// <summary>A count of items that each take a byte at least: never more than the record has left.</summary>
    private static int Count(BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        return count >= 0 && count <= reader.BaseStream.Length - reader.BaseStream.Position
            ? count
            : throw new FormatException($"a count of {count} is more than the record holds");
    }
}
