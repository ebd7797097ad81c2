using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace Transports.Servers;

/// <summary>
/// Upstream for the HTTP transports (polling, long-polling, sse): POST /publish with one event message as
/// the body. 202 when taken into the feed, 400 when the body is not an event message, 413 when it is larger
/// than <see cref="TransportServerOptions.MaxUpstreamBytes"/>.
/// </summary>
public sealed class PublishEndpoint(UpstreamIngest ingest, ConnectionIncidents incidents, TransportServerOptions options)
{
    private const string Name = "publish";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var max = options.MaxUpstreamBytes;
        if (context.Request.ContentLength > max)
        {
            await incidents.RefuseAsync(context, Name, HttpStatusCode.RequestEntityTooLarge, $"upstream messages are at most {max} bytes").ConfigureAwait(false);
            return;
        }

        var reader = context.Request.BodyReader;
        ReadResult read;
        try
        {
            // Read until the whole body is buffered, or it proves too large (chunked bodies have no length).
            while (true)
            {
                read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                if (read.Buffer.Length > max)
                {
                    reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    await incidents.RefuseAsync(context, Name, HttpStatusCode.RequestEntityTooLarge, $"upstream messages are at most {max} bytes").ConfigureAwait(false);
                    return;
                }

                if (read.IsCompleted)
                {
                    break;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            incidents.ClientGone(Name);
            return;
        }

        var accepted = ingest.TryAccept(read.Buffer);
        reader.AdvanceTo(read.Buffer.End);
        if (!accepted)
        {
            await incidents.RefuseAsync(context, Name, HttpStatusCode.BadRequest, "the body is not an event message").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentLength = 0;
    }
}
