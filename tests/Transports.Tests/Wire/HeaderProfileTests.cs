using Transports.Clients;
using Transports.Contract;

namespace Transports.Tests.Wire;

/// <summary>
/// Header profiles are data files, and a client sends exactly what its profile lists: the lubbers2010 file rebuilds the
/// article's 871 characters, and the request on the wire is the stack's lines plus the file's, byte for byte.
/// </summary>
public sealed class HeaderProfileTests
{
    public static TheoryData<string> Profiles => new(ClientProfiles.All);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_profile_has_a_data_file_that_says_what_it_is(string name)
    {
        var profile = HeaderProfile.Get(name);

        Assert.Equal(name, profile.Name);
        Assert.StartsWith(name + ":", profile.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lubbers2010_file_with_the_lines_the_stacks_write_is_the_articles_871_characters()
    {
        var profile = HeaderProfile.Get(ClientProfiles.Lubbers2010);
        var origin = new Uri("http://localhost:8080/");
        string[] request =
        [
            "GET /PollingStock//PollingStock HTTP/1.1",
            "Host: localhost:8080",
            .. profile.RequestHeaders(HttpRequestKind.Fetch, origin).Select(h => $"{h.Key}: {h.Value}"),
        ];
        string[] response =
        [
            "HTTP/1.x 200 OK",
            .. profile.ResponseHeaders.Select(h => $"{h.Key}: {h.Value}"),
            "Content-Length: 21",
            "Date: Sat, 07 Nov 2009 00:32:46 GMT",
        ];

        Assert.Equal(871, request.Concat(response).Sum(line => line.Length));
        // On the wire each line ends with CRLF and each block with an empty line: 909 bytes.
        Assert.Equal(909, request.Concat(response).Sum(line => line.Length + 2) + 4);
    }

    [Fact]
    public void A_line_that_is_not_a_header_is_refused()
    {
        Assert.Throws<FormatException>(() => HeaderProfile.Parse("broken", "[request]\nUser-Agent Mozilla\n"));
        Assert.Throws<FormatException>(() => HeaderProfile.Parse("broken", "User-Agent: outside any section\n"));
        Assert.Throws<FormatException>(() => HeaderProfile.Parse("broken", "[requests]\n"));
    }

    [Fact]
    public async Task A_lubbers2010_poll_is_the_stacks_request_line_and_Host_then_the_files_headers_byte_for_byte()
    {
        using var capture = new RequestCapture();
        var settings = ConnectionSettings.Default with { Profile = HeaderProfile.Get(ClientProfiles.Lubbers2010) };
        using var http = new HttpClient(LoopbackConnections.Create(capture.BaseAddress, null, new WireCounter(), settings).CreateHttpHandler()) { BaseAddress = capture.BaseAddress };

        using var response = await http.GetAsync("/poll?cursor=7").WaitAsync(TestDefaults.Timeout);

        var expected = $"GET /poll?cursor=7 HTTP/1.1\r\nHost: {capture.BaseAddress.Authority}\r\n"
            + string.Concat(settings.Profile.RequestHeaders(HttpRequestKind.Fetch, capture.BaseAddress).Select(h => $"{h.Key}: {h.Value}\r\n"))
            + "\r\n";
        Assert.Equal(expected, Assert.Single(capture.Requests));
    }

    [Fact]
    public async Task The_minimal_profile_sends_what_HttpClient_sends_alone()
    {
        using var capture = new RequestCapture();
        using var http = new HttpClient(LoopbackConnections.Create(capture.BaseAddress, null, new WireCounter()).CreateHttpHandler()) { BaseAddress = capture.BaseAddress };

        using var response = await http.GetAsync("/poll?cursor=7").WaitAsync(TestDefaults.Timeout);

        Assert.Equal($"GET /poll?cursor=7 HTTP/1.1\r\nHost: {capture.BaseAddress.Authority}\r\n\r\n", Assert.Single(capture.Requests));
    }

    [Fact]
    public async Task Without_keep_alive_HTTP_1_1_says_Connection_close_in_place_of_the_profiles_keep_alive_headers()
    {
        using var capture = new RequestCapture();
        var settings = ConnectionSettings.Default with { Profile = HeaderProfile.Get(ClientProfiles.Lubbers2010), KeepAlive = false };
        using var http = new HttpClient(LoopbackConnections.Create(capture.BaseAddress, null, new WireCounter(), settings).CreateHttpHandler()) { BaseAddress = capture.BaseAddress };

        using var response = await http.GetAsync("/poll?cursor=7").WaitAsync(TestDefaults.Timeout);

        var request = Assert.Single(capture.Requests);
        Assert.Contains("\r\nConnection: close\r\n", request, StringComparison.Ordinal);
        Assert.DoesNotContain("keep-alive", request, StringComparison.OrdinalIgnoreCase);
    }
}
