#!/usr/bin/env node
'use strict';
// The real Node servers the suite measures, one kind per process, each fed from the suite's tcp floor through
// the feed bridge (feed-bridge.js) so that every event is the same bytes as on Kestrel's own transports.
//
//   node server.js --kind ws|socketio|sockjs --feed 127.0.0.1:PORT [options]   (see --help, or HELP below)
//
// On stdout, once listening and subscribed to the feed, exactly one line:
//   READY {"kind":"ws","httpUrl":"http://127.0.0.1:P/","controlUrl":"http://127.0.0.1:C/","path":"/ws",
//          "feed":"127.0.0.1:F","cursor":N,"pid":N,"node":"v20…","library":"ws@8.23.0"}
// Nothing else is written to stdout; diagnostics go to stderr. The process exits (code 0) when its stdin closes
// (so it never outlives the harness that started it), on SIGTERM or SIGINT. Bad arguments: one line on stderr,
// exit 2. The feed unreachable at start (for --feed-timeout): one line on stderr, exit 1.
//
// Kinds:
//  ws        bare `ws`: the suite's /ws contract exactly (see servers/WebSocketServer.cs).
//  socketio  Socket.IO 4 at /socket.io/: io.emit("event", message) per event; upstream socket.emit("publish", m).
//  sockjs    SockJS at /sockjs: conn.write(message) per event; upstream: any client message.
//
// Control plane (its own port, never counted): GET /control/stats, POST /control/reset, GET /control/info,
// POST /control/drop. See CONTROL below for the shapes.

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { FeedBridge, readHeader, MAX_MESSAGE, HEADER_CHARS } = require('./feed-bridge');

const HELP = `Usage: node server.js --kind ws|socketio|sockjs --feed HOST:PORT [options]

A real Node server (bare ws, Socket.IO 4 or SockJS) fed from the Transports tcp floor.

Options:
  --kind KIND               ws | socketio | sockjs (required)
  --feed HOST:PORT          the suite's tcp floor to subscribe to (required; \`serve\` prints it as tcpEndPoint)
  --address IP              address to bind (default: 127.0.0.1)
  --port N                  transport port, 0 = any free port (default: 0)
  --control-port N          control-plane port, 0 = any free port (default: 0)
  --max-upstream N          largest upstream message in bytes (default: 1048576, as serve)
  --allowed-origins LIST    origins allowed (comma-separated, * for any; default: no Origin or this machine)
  --permessage-deflate      ws: offer permessage-deflate (default: off)
  --ping-interval DURATION  socketio: Engine.IO pingInterval (default: 25000ms, Socket.IO's default)
  --ping-timeout DURATION   socketio: Engine.IO pingTimeout (default: 20000ms, Socket.IO's default)
  --cors                    socketio: answer CORS for allowed origins (adds Vary: Origin to every polling
                            response; default: off, as Socket.IO)
  --heartbeat DURATION      sockjs: heartbeat_delay, the 'h' frame interval (default: 25000ms, SockJS's default)
  --disconnect-delay DURATION sockjs: how long a session outlives its receiving request (default: 5000ms)
  --history-events N        events kept for resuming clients (default: 65536, as serve)
  --history-bytes N         bytes kept for resuming clients (default: 67108864, as serve)
  --feed-timeout DURATION   give up when the feed cannot be reached at start (default: 10s)
  --ignore-stdin            keep running when stdin closes (default: exit when stdin closes)
  --help                    this text

Durations: a number of milliseconds, or a number with ms, s or m (500ms, 25s, 2m).
Prints one line 'READY {json}' on stdout when ready; exits when stdin closes, on SIGTERM or SIGINT.`;

// ---------------------------------------------------------------------------------------------------------------
// Command line

class UsageError extends Error {}

function parseDuration(text, name) {
  const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m)?$/.exec(text ?? '');
  if (!match) {
    throw new UsageError(`${name}: '${text}' is not a duration (e.g. 500ms, 25s, 25000)`);
  }
  const value = Number(match[1]) * ({ ms: 1, s: 1000, m: 60000 }[match[2] ?? 'ms']);
  if (!Number.isFinite(value) || value > 2 ** 31 - 1) {
    throw new UsageError(`${name}: '${text}' is out of range`);
  }
  return Math.round(value);
}

function parseInteger(text, name, min, max) {
  if (!/^[0-9]{1,10}$/.test(text ?? '') || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${name}: '${text}' is not an integer in ${min}..${max}`);
  }
  return Number(text);
}

function parseArguments(argv) {
  const options = {
    kind: null,
    feed: null,
    address: '127.0.0.1',
    port: 0,
    controlPort: 0,
    maxUpstream: 1024 * 1024,
    allowedOrigins: [],
    permessageDeflate: false,
    pingInterval: 25000,
    pingTimeout: 20000,
    cors: false,
    heartbeat: 25000,
    disconnectDelay: 5000,
    historyEvents: 65536,
    historyBytes: 64 * 1024 * 1024,
    feedTimeout: 10000,
    ignoreStdin: false,
    help: false,
  };
  const flags = { '--permessage-deflate': 'permessageDeflate', '--cors': 'cors', '--ignore-stdin': 'ignoreStdin', '--help': 'help', '-h': 'help' };
  for (let i = 0; i < argv.length; i++) {
    let name = argv[i];
    let value;
    const equals = name.indexOf('=');
    if (name.startsWith('--') && equals > 0) {
      value = name.slice(equals + 1);
      name = name.slice(0, equals);
    }
    if (flags[name]) {
      if (value !== undefined) {
        throw new UsageError(`${name} takes no value`);
      }
      options[flags[name]] = true;
      continue;
    }
    const take = () => {
      if (value !== undefined) {
        return value;
      }
      if (i + 1 >= argv.length) {
        throw new UsageError(`${name} needs a value`);
      }
      return argv[++i];
    };
    switch (name) {
      case '--kind': {
        const kind = take();
        if (!['ws', 'socketio', 'sockjs'].includes(kind)) {
          throw new UsageError(`--kind: '${kind}' is not one of ws, socketio, sockjs`);
        }
        options.kind = kind;
        break;
      }
      case '--feed': {
        const feed = take();
        const match = /^(.+):([0-9]{1,5})$/.exec(feed);
        if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
          throw new UsageError(`--feed: '${feed}' is not HOST:PORT`);
        }
        options.feed = { host: match[1].replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
        break;
      }
      case '--address': {
        const address = take();
        if (require('node:net').isIP(address) === 0) {
          throw new UsageError(`--address: '${address}' is not an IP address`);
        }
        options.address = address;
        break;
      }
      case '--port': options.port = parseInteger(take(), name, 0, 65535); break;
      case '--control-port': options.controlPort = parseInteger(take(), name, 0, 65535); break;
      case '--max-upstream': options.maxUpstream = parseInteger(take(), name, HEADER_CHARS, MAX_MESSAGE); break;
      case '--allowed-origins':
        options.allowedOrigins = take().split(',').map((o) => o.trim()).filter((o) => o.length > 0);
        break;
      case '--ping-interval': options.pingInterval = parseDuration(take(), name); break;
      case '--ping-timeout': options.pingTimeout = parseDuration(take(), name); break;
      case '--heartbeat': options.heartbeat = parseDuration(take(), name); break;
      case '--disconnect-delay': options.disconnectDelay = parseDuration(take(), name); break;
      case '--history-events': options.historyEvents = parseInteger(take(), name, 16, 100_000_000); break;
      case '--history-bytes': options.historyBytes = parseInteger(take(), name, MAX_MESSAGE, 2 ** 32); break;
      case '--feed-timeout': options.feedTimeout = parseDuration(take(), name); break;
      default:
        throw new UsageError(`unknown option '${name}' (see --help)`);
    }
  }
  if (!options.help) {
    if (!options.kind) {
      throw new UsageError('--kind is required: ws, socketio or sockjs');
    }
    if (!options.feed) {
      throw new UsageError('--feed HOST:PORT is required (the tcp floor of `serve`)');
    }
    for (const [key, name] of [['pingInterval', '--ping-interval'], ['pingTimeout', '--ping-timeout'], ['heartbeat', '--heartbeat']]) {
      if (options[key] < 1) {
        throw new UsageError(`${name} must be at least 1ms`);
      }
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------------------------
// Shared policy: origins, cursors, upstream messages

/** As WebSocketServer.IsOriginAllowed: no Origin or "*", a listed origin, or (empty list) a page on this machine. */
function isOriginAllowed(origin, allowed) {
  if (!origin || allowed.includes('*')) {
    return true;
  }
  if (allowed.length > 0) {
    return allowed.some((o) => o.toLowerCase() === origin.toLowerCase());
  }
  let host;
  try {
    host = new URL(origin).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/.test(host);
}

/** As TransportPaths.TryParseCursor: { ok, cursor } with cursor null for "from now" (absent or empty). */
function parseCursor(value) {
  if (value === undefined || value === null || value === '') {
    return { ok: true, cursor: null };
  }
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? { ok: true, cursor: value } : { ok: false };
  }
  if (typeof value !== 'string' || !/^[0-9]{1,19}$/.test(value) || !Number.isSafeInteger(Number(value))) {
    return { ok: false };
  }
  return { ok: true, cursor: Number(value) };
}

function queryCursor(req) {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const values = params.getAll('cursor');
  return values.length > 1 ? { ok: false } : parseCursor(values[0]);
}

const CURSOR_REASON = 'the cursor must be a non-negative integer';

// ---------------------------------------------------------------------------------------------------------------
// Byte counting at the socket, and the counters the control plane reports

/**
 * What is counted: every byte Node read from (net.Socket.bytesRead) and handed for writing to (bytesWritten)
 * each TCP connection accepted on the transport port, over live and closed connections: HTTP requests and
 * responses with all their headers, WebSocket handshakes, frames, pings, close frames, polling and streaming
 * bodies, chunked-encoding framing, and rejected requests. bytesWritten includes bytes still queued in Node for
 * a slow reader (as Kestrel's pipe counting does) and, for a connection destroyed with data queued, bytes that
 * never left. Not counted: the control plane (its own port), the feed bridge's connection to the tcp floor
 * (that is the Kestrel server's traffic), TCP/IP headers, handshakes and retransmissions (below the socket API).
 */
class WireStats {
  constructor() {
    this.live = new Set();
    this.closedIn = 0;
    this.closedOut = 0;
    this.connections = 0;
    this.requests = 0;
    this.rejected = 0;
    this.upstreamReceived = 0;
    this.internalErrors = 0;
    /** ws: how often a client's queue reached the high-water mark and its sends waited (backpressure). */
    this.sendWaits = 0;
  }

  track(server) {
    server.on('connection', (socket) => {
      this.connections++;
      this.live.add(socket);
      socket.once('close', () => {
        this.live.delete(socket);
        this.closedIn += socket.bytesRead;
        this.closedOut += written(socket);
      });
    });
  }

  snapshot() {
    let bytesIn = this.closedIn;
    let bytesOut = this.closedOut;
    for (const socket of this.live) {
      bytesIn += socket.bytesRead;
      bytesOut += written(socket);
    }
    return { bytesIn, bytesOut, connections: this.connections, requests: this.requests, openConnections: this.live.size };
  }

  dropAll() {
    const count = this.live.size;
    for (const socket of this.live) {
      socket.destroy();
    }
    return count;
  }
}

function written(socket) {
  return socket.bytesWritten ?? socket._bytesDispatched ?? 0;
}

/** Writes a small HTTP error on a raw socket (an upgrade refused before any WebSocket exists) and closes it. */
function refuseUpgrade(socket, status, reason) {
  const body = `${reason}\n`;
  if (socket.writable) {
    socket.once('finish', () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  } else {
    socket.destroy();
  }
}

function refuseRequest(res, status, reason) {
  const body = `${reason}\n`;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Puts a gate in front of whatever 'request' and 'upgrade' listeners the library installed: it counts requests
 * and refuses (403 foreign Origin, 400 malformed cursor, or what `check` returns) before the library sees them.
 */
function gate(server, stats, check) {
  for (const event of ['request', 'upgrade']) {
    const listeners = server.listeners(event).slice();
    server.removeAllListeners(event);
    server.on(event, function gated(req, second, head) {
      stats.requests++;
      const refusal = check(req, event === 'request' ? second : null);
      if (refusal) {
        stats.rejected++;
        if (event === 'request') {
          refuseRequest(second, refusal.status, refusal.reason);
        } else {
          refuseUpgrade(second, refusal.status, refusal.reason);
        }
        return;
      }
      for (const listener of listeners) {
        listener.call(this, req, second, head);
      }
    });
  }
}

function commonRefusal(req, options) {
  if (!isOriginAllowed(req.headers.origin, options.allowedOrigins)) {
    return { status: 403, reason: 'origin not allowed' };
  }
  if (!queryCursor(req).ok) {
    return { status: 400, reason: CURSOR_REASON };
  }
  return null;
}

/** A Buffer when `data` is an acceptable upstream event message, else { reason, code } (1007 or 1009). */
function checkUpstream(data, maxUpstream) {
  let message;
  if (typeof data === 'string') {
    message = Buffer.from(data, 'utf8');
  } else if (Buffer.isBuffer(data)) {
    message = data;
  } else if (data instanceof ArrayBuffer) {
    message = Buffer.from(data);
  } else {
    return { code: 1007, reason: 'not an event message' };
  }
  if (message.length > maxUpstream) {
    return { code: 1009, reason: `upstream messages are at most ${maxUpstream} bytes` };
  }
  return readHeader(message) === null ? { code: 1007, reason: 'not an event message' } : message;
}

/**
 * Takes one upstream message: forwards it to the floor (which publishes it into the feed), or counts it as
 * rejected and hands `refuse` the close code (1007 not an event message, 1009 oversized) and reason.
 */
function takeUpstream(bridge, stats, maxUpstream, data, refuse) {
  const message = checkUpstream(data, maxUpstream);
  if (!Buffer.isBuffer(message)) {
    stats.rejected++;
    refuse(message);
    return;
  }
  stats.upstreamReceived++;
  bridge.publish(message);
}

function libraryVersion(name) {
  try {
    return `${name}@${JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', name, 'package.json'), 'utf8')).version}`;
  } catch {
    return `${name}@unknown`;
  }
}

function notFound(req, res) {
  refuseRequest(res, 404, 'not found');
}

// ---------------------------------------------------------------------------------------------------------------
// ws: the suite's /ws contract on bare `ws`

/** A send waits (as Kestrel's awaited SendAsync does) once this many bytes are queued for one client. */
const WS_HIGH_WATER = 64 * 1024;
const CLOSE_TIMEOUT_MS = 2000; // WebSocketServer.CloseTimeout

function startWs(server, bridge, stats, options) {
  const { WebSocketServer, WebSocket } = require('ws');
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: options.maxUpstream, // larger: ws closes with 1009 itself (counted as rejected below)
    perMessageDeflate: options.permessageDeflate,
    closeTimeout: CLOSE_TIMEOUT_MS,
  });
  const sessions = new Set();

  // X-Cursor on the 101 response: the sequence this subscription starts after.
  wss.on('headers', (headers, req) => headers.push(`X-Cursor: ${req.transportsAfter}`));
  // A malformed handshake (bad key, version, method): 400, counted as Kestrel counts its refusals.
  wss.on('wsClientError', (error, socket) => {
    stats.rejected++;
    refuseUpgrade(socket, 400, error.message);
  });

  server.on('request', (req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname === '/ws') {
      stats.rejected++;
      refuseRequest(res, 400, 'expected a WebSocket upgrade');
    } else {
      notFound(req, res);
    }
  });

  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/ws') {
      refuseUpgrade(socket, 404, 'not found');
      return;
    }
    const { cursor } = queryCursor(req); // the gate has refused malformed cursors already
    const after = cursor ?? bridge.last;
    req.transportsAfter = after;
    wss.handleUpgrade(req, socket, head, (ws) => open(ws, socket, after));
  });

  gate(server, stats, (req) => commonRefusal(req, options));

  function open(ws, socket, after) {
    const session = { ws, socket, after, waiting: false };
    sessions.add(session);
    ws.on('message', (data) => {
      if (ws.readyState === WebSocket.OPEN) {
        takeUpstream(bridge, stats, options.maxUpstream, data, (refusal) => ws.close(refusal.code, refusal.reason));
      }
    });
    // ws's own refusals (1009 over maxPayload, 1007 invalid UTF-8, 1002 protocol errors): it closes with the code.
    ws.on('error', () => {
      stats.rejected++;
    });
    ws.on('close', () => sessions.delete(session));
    pump(session);
  }

  /** Sends every event after the session's cursor, in order, until the client's queue is full. */
  function pump(session) {
    const { ws, history } = { ws: session.ws, history: bridge.history };
    if (session.waiting || ws.readyState !== WebSocket.OPEN) {
      return;
    }
    for (let i = history.indexAfter(session.after); i < history.count; i++) {
      const event = history.at(i);
      session.after = event.sequence;
      if (ws.bufferedAmount + event.message.length >= WS_HIGH_WATER) {
        // Resume once this frame has been handed to the kernel.
        session.waiting = true;
        stats.sendWaits++;
        ws.send(event.message, { binary: false }, () => {
          session.waiting = false;
          pump(session);
        });
        return;
      }
      ws.send(event.message, { binary: false });
    }
  }

  bridge.on('event', () => {
    for (const session of sessions) {
      pump(session);
    }
  });

  return {
    path: '/ws',
    library: libraryVersion('ws'),
    sessions: () => sessions.size,
    close() {
      for (const { ws } of sessions) {
        ws.close(1000, 'closing');
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// socketio: a Socket.IO 4 server at the default path

function startSocketIo(server, bridge, stats, options) {
  const { Server } = require('socket.io');
  server.on('request', notFound);
  const io = new Server(server, {
    serveClient: false,
    pingInterval: options.pingInterval,
    pingTimeout: options.pingTimeout,
    // One publish packet 42["publish","…"] is the message plus 17 bytes; the client splits batches by it.
    maxHttpBufferSize: options.maxUpstream + 64,
    cors: options.cors ? { origin: (origin, callback) => callback(null, isOriginAllowed(origin, options.allowedOrigins)) } : false,
  });

  // The cursor: handshake auth { cursor } first, else the query's ?cursor= (checked by the gate already).
  io.use((socket, next) => {
    const auth = socket.handshake.auth ?? {};
    const parsed = auth.cursor !== undefined ? parseCursor(auth.cursor) : parseCursor(socket.handshake.query.cursor);
    if (!parsed.ok) {
      stats.rejected++;
      next(new Error(CURSOR_REASON));
      return;
    }
    socket.data.cursor = parsed.cursor;
    next();
  });

  io.on('connection', (socket) => {
    const after = socket.data.cursor ?? bridge.last;
    // Where this subscription starts (the X-Cursor of this transport): 42["cursor",N], once, at setup.
    socket.emit('cursor', after);
    for (const event of bridge.eventsAfter(after)) {
      socket.emit('event', event.text);
    }
    // From here on the broadcast below reaches this socket: nothing can be published in between (one thread).
    socket.on('publish', (data) => {
      takeUpstream(bridge, stats, options.maxUpstream, data, (refusal) => {
        socket.emit('rejected', refusal.reason);
        socket.disconnect(true);
      });
    });
  });

  bridge.on('event', (event) => io.emit('event', event.text));
  gate(server, stats, (req) => commonRefusal(req, options));

  return {
    path: '/socket.io/',
    library: libraryVersion('socket.io'),
    sessions: () => io.of('/').sockets.size,
    close() {
      io.disconnectSockets(true);
      io.engine.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// sockjs: a SockJS server with prefix /sockjs

function startSockJs(server, bridge, stats, options) {
  const sockjs = require('sockjs');
  server.on('request', notFound);
  server.on('upgrade', (req, socket) => refuseUpgrade(socket, 404, 'not found'));
  // A single xhr_send body or websocket frame: room for a JSON array of a few largest messages.
  const frameLimit = 2 * options.maxUpstream + 1024;
  const sjs = sockjs.createServer({
    prefix: '/sockjs',
    heartbeat_delay: options.heartbeat,
    disconnect_delay: options.disconnectDelay,
    faye_server_options: { maxLength: frameLimit },
    log: (severity, line) => {
      if (severity === 'error') {
        process.stderr.write(`sockjs: ${line}\n`);
      }
    },
  });
  sjs.installHandlers(server);
  const connections = new Set();

  sjs.on('connection', (conn) => {
    if (!conn) {
      return;
    }
    // The cursor rides on the session URL (…/xhr_streaming?cursor=N, …/websocket?cursor=N): conn.url is the
    // request that opened the session. The gate has refused malformed ones with 400.
    const { cursor } = queryCursor({ url: conn.url });
    const after = cursor ?? bridge.last;
    // Where this subscription starts, once at setup: a["{\"cursor\":N}"] (never an event: those start base64url).
    conn.write(JSON.stringify({ cursor: after }));
    for (const event of bridge.eventsAfter(after)) {
      conn.write(event.text);
    }
    connections.add(conn);
    conn.on('data', (data) => {
      takeUpstream(bridge, stats, options.maxUpstream, data, (refusal) => conn.close(refusal.code, refusal.reason));
    });
    conn.on('close', () => connections.delete(conn));
  });

  bridge.on('event', (event) => {
    for (const conn of connections) {
      conn.write(event.text);
    }
  });

  gate(server, stats, (req, res) => {
    const refusal = commonRefusal(req, options);
    if (refusal) {
      return refusal;
    }
    if (res && req.method === 'POST') {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > frameLimit) {
        return { status: 413, reason: `a request body is at most ${frameLimit} bytes` };
      }
      let received = 0;
      req.on('data', (chunk) => {
        received += chunk.length;
        if (received > frameLimit) {
          stats.rejected++;
          req.socket.destroy();
        }
      });
    }
    return null;
  });

  return {
    path: '/sockjs',
    library: libraryVersion('sockjs'),
    sessions: () => connections.size,
    close() {
      for (const conn of connections) {
        conn.close(1000, 'closing');
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Control plane

/*
 * CONTROL — JSON shapes (camelCase, as the suite's ControlJson):
 * GET /control/stats -> {
 *   kind, bytesIn, bytesOut, connections, requests, openConnections, sessions,
 *   cpuMs, rssBytes, heapUsedBytes,
 *   bridgeHop: { count, meanMs, p50Ms, p90Ms, p99Ms, maxMs },
 *   rejected, upstreamReceived, lastSequence,
 *   bridge: { connected, reconnects, upstreamForwarded, upstreamDropped, framesRejected, historyEvents, firstSequence },
 *   sendWaits (ws: times a client's send queue reached 64 KiB and sending waited), internalErrors,
 *   wire: { bytesIn, bytesOut, connections, requests }      (the suite's WireSnapshot, so ServerStats parses it)
 * }
 * POST /control/reset -> 204: clears the bridge hop samples (the harness does this at the window's start).
 * GET /control/info -> the READY JSON.
 * POST /control/drop -> { dropped: N }: destroys every live transport connection (a crashing proxy).
 */
function startControl(address, port, read) {
  const control = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status, body) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /control/stats': reply(200, read.stats()); break;
      case 'POST /control/reset': read.reset(); reply(204); break;
      case 'GET /control/info': reply(200, read.info()); break;
      case 'POST /control/drop': reply(200, { dropped: read.drop() }); break;
      default: reply(404, { error: `no control endpoint ${route}` });
    }
  });
  return listen(control, address, port);
}

function listen(server, address, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.removeListener('error', reject);
      resolve(server);
    });
  });
}

function urlOf(server) {
  const { address, port } = server.address();
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;
}

// ---------------------------------------------------------------------------------------------------------------
// Main

async function main() {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }

  const stats = new WireStats();
  process.on('uncaughtException', (error) => {
    // Never crash on what a client sends: report it, count it, keep serving.
    stats.internalErrors++;
    process.stderr.write(`internal error: ${error && error.stack ? error.stack : error}\n`);
  });

  const bridge = new FeedBridge({
    host: options.feed.host,
    port: options.feed.port,
    maxUpstream: options.maxUpstream,
    historyEvents: options.historyEvents,
    historyBytes: options.historyBytes,
  });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`cannot reach the feed at ${options.feed.host}:${options.feed.port} (${bridge.lastError ?? 'no answer'})`)),
      options.feedTimeout,
    );
    bridge.once('ready', (cursor) => {
      clearTimeout(timer);
      resolve(cursor);
    });
  });
  bridge.on('disconnected', (reason) => {
    if (bridge.last !== null) {
      process.stderr.write(`feed: disconnected (${reason}); resubscribing after ${bridge.last}\n`);
    }
  });
  bridge.start();

  let cursor;
  try {
    cursor = await ready;
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  // Node's own HTTP defaults (keep-alive 5 s between requests, and so on): what these libraries ship on.
  const server = http.createServer();
  stats.track(server);
  // Malformed HTTP: 400 and close (Node's default answer), counted.
  server.on('clientError', (error, socket) => {
    stats.rejected++;
    if (socket.writable && !socket.writableEnded) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    } else {
      socket.destroy();
    }
  });
  const start = { ws: startWs, socketio: startSocketIo, sockjs: startSockJs }[options.kind];
  const kind = start(server, bridge, stats, options);

  let control;
  try {
    await listen(server, options.address, options.port);
  } catch (error) {
    process.stderr.write(`cannot listen: ${error.message}\n`);
    process.exit(1);
  }

  const info = () => ({
    kind: options.kind,
    httpUrl: urlOf(server),
    controlUrl: urlOf(control),
    path: kind.path,
    feed: `${options.feed.host}:${options.feed.port}`,
    cursor,
    pid: process.pid,
    node: process.version,
    library: kind.library,
  });
  const read = {
    info,
    reset: () => bridge.hop.reset(),
    drop: () => stats.dropAll(),
    stats: () => {
      const wire = stats.snapshot();
      const cpu = process.cpuUsage();
      const memory = process.memoryUsage();
      return {
        kind: options.kind,
        bytesIn: wire.bytesIn,
        bytesOut: wire.bytesOut,
        connections: wire.connections,
        requests: wire.requests,
        openConnections: wire.openConnections,
        sessions: kind.sessions(),
        cpuMs: (cpu.user + cpu.system) / 1000,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        bridgeHop: bridge.hop.summary(),
        rejected: stats.rejected,
        upstreamReceived: stats.upstreamReceived,
        lastSequence: bridge.last,
        bridge: {
          connected: bridge.subscribed,
          reconnects: bridge.reconnects,
          upstreamForwarded: bridge.upstreamForwarded,
          upstreamDropped: bridge.upstreamDropped,
          framesRejected: bridge.framesRejected,
          historyEvents: bridge.history.count,
          firstSequence: bridge.history.firstSequence,
        },
        sendWaits: stats.sendWaits,
        internalErrors: stats.internalErrors,
        wire: { bytesIn: wire.bytesIn, bytesOut: wire.bytesOut, connections: wire.connections, requests: wire.requests },
      };
    },
  };
  try {
    control = await startControl(options.address, options.controlPort, read);
  } catch (error) {
    process.stderr.write(`cannot listen: ${error.message}\n`);
    process.exit(1);
  }

  let stopping = false;
  const stop = () => {
    if (stopping) {
      return;
    }
    stopping = true;
    bridge.stop();
    kind.close();
    server.close();
    control.close();
    // Close handshakes get CloseTimeout; then whatever is left is cut.
    const deadline = Date.now() + CLOSE_TIMEOUT_MS;
    const poll = setInterval(() => {
      if (stats.live.size === 0 || Date.now() >= deadline) {
        clearInterval(poll);
        stats.dropAll();
        process.exit(0);
      }
    }, 20);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (!options.ignoreStdin) {
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.on('error', stop);
    process.stdin.resume();
  }

  process.stdout.write(`READY ${JSON.stringify(info())}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.message ? error.message : error}\n`);
  process.exit(1);
});
