namespace Transports.Clients;

/// <summary>A client that chooses among several transports (a library's negotiation, the fallback probe): which one it is on.</summary>
public interface INegotiatingClient
{
    /// <summary>The transport of the current (or last) connection, in the library's own words; null before the first.</summary>
    string? NegotiatedTransport { get; }
}
