namespace Transports.Bench.Fuzz.Generators;

/// <summary>Random bytes on any port (HTTP, tcp, control): whatever the server makes of them, it must stay up.</summary>
public sealed class RandomBytesGenerator : IFuzzGenerator
{
    public string Name => "random-bytes";

    public FuzzInput Create(int index, Random random, FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(target);
        var endPoint = HttpText.Pick(random, target.All);
        var bytes = HttpText.RandomBytes(random, 4096);
        return new FuzzInput(Name, index, endPoint, bytes, FuzzExpectation.Any, $"{bytes.Length} random bytes to {endPoint}");
    }
}
