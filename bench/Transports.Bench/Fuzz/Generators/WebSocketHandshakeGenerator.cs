using Transports.Contract;

namespace Transports.Bench.Fuzz.Generators;

/// <summary>Opening handshakes on the WebSocket path with one header missing, repeated or wrong.</summary>
public sealed class WebSocketHandshakeGenerator : IFuzzGenerator
{
    public string Name => "websocket-handshakes";

    public FuzzInput Create(int index, Random random, FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(target);
        List<(string Name, string Value)> headers = [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", WebSocketFrames.Key), ("Sec-WebSocket-Version", "13")];
        var slot = random.Next(headers.Count);
        string what;
        switch (random.Next(3))
        {
            case 0:
                what = $"no {headers[slot].Name}";
                headers.RemoveAt(slot);
                break;
            case 1:
                what = $"{headers[slot].Name} twice";
                headers.Insert(slot, (headers[slot].Name, HttpText.RandomToken(random, 1, 40)));
                break;
            default:
                what = $"{headers[slot].Name} wrong";
                headers[slot] = (headers[slot].Name, HttpText.RandomToken(random, 1, 60));
                break;
        }

        var bytes = HttpText.Request("GET", TransportPaths.WebSocket, target.Host, headers);
        return new FuzzInput(Name, index, target.Http, bytes, FuzzExpectation.Any, $"handshake: {what}") { WebSocket = true };
    }
}
