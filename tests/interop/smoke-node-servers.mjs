#!/usr/bin/env node
// Smoke test of the suite's Node servers (servers/node/server.js: ws, socketio, sockjs) against a real `serve`.
//
// Usage (from anywhere; paths resolve from this file):
//   node tests/interop/smoke-node-servers.mjs
//        starts `dotnet run --project bench/Transports.Bench -c Release -- serve --rate 20 --payload 16
//        --machine-readable` from the repository root, and stops it at the end
//   node tests/interop/smoke-node-servers.mjs --bench-dll PATH
//        the same, with an already built bench: `dotnet PATH serve ...` (what a C# test should pass)
//   node tests/interop/smoke-node-servers.mjs --feed HOST:PORT --control URL
//        a `serve` that is already running: its tcpEndPoint and controlUrl (its feed is set to 20 events/s of
//        16 B for the test and put back as it was afterwards)
// Options: --kinds ws,socketio,sockjs (default: all three)   --help
//
// Needs `npm ci` in servers/node and in tests/interop. Output: one line per check, `PASS kind: what (detail)` or
// `FAIL kind: what (detail)`, `INFO` lines with measured figures, then `N passed, N failed`. Exit code 0 when
// every check passed, 1 when one failed (or the setup failed), 2 for bad arguments.
//
// Ground truth: a raw subscription to the tcp floor records every event's bytes; every event a Node client gets
// must be those bytes exactly, with consecutive sequences from the cursor the server announced.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { io as ioClient } from 'socket.io-client';
import {
  WAIT_MS, assert, check, createMessage, frame, httpJson, info, onCleanup, openWs, readHeader, report, request, results,
  measureWire, runSuites, sleep, startReady, summary, until, verifyStream, withTimeout,
} from './lib/checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const serverScript = path.join(root, 'servers', 'node', 'server.js');

const PAYLOAD = 16; // the feed's event size for this test
const RATE = 20; // events per second
const UPSTREAM_SIZE = 40; // differs from PAYLOAD: the event it becomes is recognisable by its size
const MAX_UPSTREAM = 4096; // the Node servers' --max-upstream here (small, so the 1009 check is cheap)

// --------------------------------------------------------------------------------------------------------------
// Arguments

function usage(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { kinds: ['ws', 'socketio', 'sockjs'], feed: null, control: null, benchDll: null };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${name} needs a value`));
    switch (name) {
      case '--kinds':
        args.kinds = value().split(',').map((k) => k.trim()).filter(Boolean);
        for (const kind of args.kinds) {
          if (!['ws', 'socketio', 'sockjs'].includes(kind)) usage(`--kinds: '${kind}' is not one of ws, socketio, sockjs`);
        }
        break;
      case '--feed': args.feed = value(); if (!/^.+:[0-9]{1,5}$/.test(args.feed)) usage(`--feed: '${args.feed}' is not HOST:PORT`); break;
      case '--control': args.control = value(); try { new URL(args.control); } catch { usage(`--control: '${args.control}' is not a URL`); } break;
      case '--bench-dll': args.benchDll = value(); if (!fs.existsSync(args.benchDll)) usage(`--bench-dll: ${args.benchDll} does not exist`); break;
      case '--help': case '-h':
        process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 19).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
        process.exit(0);
        break;
      default: usage(`unknown option '${name}' (see --help)`);
    }
  }
  if ((args.feed === null) !== (args.control === null)) usage('--feed and --control go together');
  return args;
}

// --------------------------------------------------------------------------------------------------------------
// Shared checks

async function startNodeServer(kind, feed, extra) {
  return startReady(process.execPath, [serverScript, '--kind', kind, '--feed', feed, '--max-upstream', String(MAX_UPSTREAM), ...extra], {
    cwd: root,
    what: `server.js --kind ${kind}`,
  });
}

async function checkReadyLine(kind, server, feed) {
  await check(kind, 'READY line', async () => {
    const i = server.info;
    assert(i.kind === kind, `kind is ${i.kind}`);
    for (const key of ['httpUrl', 'controlUrl']) {
      assert(typeof i[key] === 'string' && /^http:\/\/127\.0\.0\.1:[0-9]+\/$/.test(i[key]), `${key} is ${i[key]}`);
    }
    assert(i.feed === feed && Number.isInteger(i.cursor) && typeof i.path === 'string' && typeof i.library === 'string', 'missing fields');
    return `${i.library} at ${i.httpUrl.replace(/\/$/, '')}${i.path}`;
  });
}

async function stats(server) {
  return httpJson('GET', `${server.info.controlUrl}control/stats`);
}

/** Waits until the server has no open transport connection (so a byte comparison sees one connection alone). */
async function quiet(server) {
  const deadline = Date.now() + WAIT_MS;
  while ((await stats(server)).openConnections > 0) {
    if (Date.now() > deadline) throw new Error('the server still has open connections');
    await sleep(50);
  }
}

/** Server-side byte counts around `body` must equal the client socket's own counts exactly. */
async function checkServerCounts(kind, server, what, body) {
  await check(kind, `server counts the client's bytes exactly (${what})`, async () => {
    await quiet(server);
    const before = await stats(server);
    const socket = await body();
    await until(() => socket.destroyed, 'the client socket to close');
    await quiet(server);
    const after = await stats(server);
    const serverIn = after.bytesIn - before.bytesIn;
    const serverOut = after.bytesOut - before.bytesOut;
    assert(serverIn === socket.bytesWritten && serverOut === socket.bytesRead,
      `server in/out ${serverIn}/${serverOut} B, client out/in ${socket.bytesWritten}/${socket.bytesRead} B`);
    assert(after.connections - before.connections === 1, `${after.connections - before.connections} connections counted`);
    return `${serverIn} B in, ${serverOut} B out, 1 connection`;
  });
}

async function checkUpstreamEcho(kind, kestrelControl, messages, send) {
  await check(kind, 'upstream reaches the feed and comes back as an event', async () => {
    const before = await httpJson('GET', `${kestrelControl}control/upstream`);
    const from = messages.length;
    await send(createMessage(777, UPSTREAM_SIZE));
    await until(() => messages.slice(from).some((m) => m.length === UPSTREAM_SIZE), `an event of ${UPSTREAM_SIZE} B`);
    const after = await httpJson('GET', `${kestrelControl}control/upstream`);
    assert(after.received > before.received, 'Kestrel counted no upstream message');
    const echoed = messages.slice(from).find((m) => m.length === UPSTREAM_SIZE);
    return `a ${UPSTREAM_SIZE} B upstream message became event ${readHeader(echoed).sequence}; Kestrel upstream received ${before.received} -> ${after.received}`;
  });
}

async function checkStatsAndHop(kind, server) {
  await check(kind, 'control stats and the bridge hop', async () => {
    const s = await stats(server);
    for (const key of ['bytesIn', 'bytesOut', 'connections', 'requests', 'cpuMs', 'rssBytes', 'heapUsedBytes', 'rejected', 'lastSequence']) {
      assert(typeof s[key] === 'number' && s[key] >= 0, `${key} is ${s[key]}`);
    }
    assert(s.wire && s.wire.bytesIn === s.bytesIn && s.wire.bytesOut === s.bytesOut, 'wire does not match');
    const hop = s.bridgeHop;
    assert(hop.count > 0 && hop.p50Ms > 0 && hop.p50Ms < 1000 && hop.p99Ms >= hop.p50Ms && hop.maxMs >= hop.p99Ms, `bridgeHop ${JSON.stringify(hop)}`);
    info(kind, `bridge hop (Kestrel publish -> Node receipt, same monotonic clock): p50 ${hop.p50Ms.toFixed(3)} ms, p90 ${hop.p90Ms.toFixed(3)} ms, p99 ${hop.p99Ms.toFixed(3)} ms, max ${hop.maxMs.toFixed(3)} ms over ${hop.count} events`);
    await httpJson('POST', `${server.info.controlUrl}control/reset`);
    const reset = await stats(server);
    assert(reset.bridgeHop.count <= 1, `after reset the hop count is ${reset.bridgeHop.count}`);
    return `p50 ${hop.p50Ms.toFixed(3)} ms over ${hop.count} events; reset clears it; ${s.rejected} rejected, cpu ${s.cpuMs.toFixed(0)} ms`;
  });
}

async function checkStops(kind, server, ctx) {
  await check(kind, 'exits when its stdin closes', async () => {
    const result = await server.stop();
    assert(!result.killed, 'still running 5 s after stdin closed');
    assert(result.code === 0, `exit code ${result.code} (${result.signal ?? 'no signal'})`);
    return `exit 0 after ${result.ms} ms`;
  });
  await check(kind, 'exits on SIGTERM', async () => {
    const other = await startNodeServer(kind, ctx.feed, []);
    other.child.kill('SIGTERM');
    const result = await withTimeout(other.exited, 5000, 'exit after SIGTERM');
    assert(result.code === 0, `exit code ${result.code} (${result.signal ?? 'no signal'})`);
    return 'exit 0';
  });
}

/** One short counted session on a raw WebSocket: wait for `frames` frames, send one upstream text, close. */
async function countedSession(client, frames, upstream) {
  await withTimeout(client.opened, WAIT_MS, 'open');
  await until(() => client.frames.length >= frames, `${frames} frames`);
  client.ws.send(upstream);
  await sleep(100); // the upstream message crosses before the close
  client.ws.close(1000, 'bye');
  await withTimeout(client.closed, WAIT_MS, 'close');
  return client.socket();
}

/** Bytes on the wire per event over 10 events between quiet edges (measureWire); `lastSequence` as it says. */
async function perEventBytes(ctx, socket, lastSequence) {
  const measured = await measureWire(ctx.control, { bytesRead: () => socket().bytesRead, lastSequence }, { events: 10, rate: RATE, payload: PAYLOAD });
  return measured.bytes / measured.events;
}

// --------------------------------------------------------------------------------------------------------------
// ws (node-ws): the suite's /ws contract

async function smokeWs(ctx) {
  const kind = 'ws';
  const server = await startNodeServer(kind, ctx.feed, []);
  await checkReadyLine(kind, server, ctx.feed);
  const base = server.info.httpUrl.replace(/^http/, 'ws');

  let last = null;
  await check(kind, 'live: 10 events complete and in order, X-Cursor on the handshake', async () => {
    const client = openWs(`${base}ws`);
    await withTimeout(client.opened, WAIT_MS, 'open');
    const after = Number(client.ws.upgradeHeaders['x-cursor']);
    assert(Number.isInteger(after), `X-Cursor is ${client.ws.upgradeHeaders['x-cursor']}`);
    await until(() => client.messages.length >= 12, '12 events');
    const detail = await verifyStream(ctx.reference, after, client.messages, 12);
    assert(client.frames.every((f) => !f.isBinary), 'a binary frame arrived');
    assert(client.pings() === 0, `${client.pings()} pings arrived`);
    const bytes = await perEventBytes(ctx, client.socket, () => readHeader(client.messages[client.messages.length - 1]).sequence);
    ctx.figures.push({ kind: 'node-ws', transport: 'websocket', frame: 'text frame', perEvent: bytes, payload: PAYLOAD });
    assert(bytes === PAYLOAD + 2, `${bytes} B per event on the wire, expected ${PAYLOAD + 2} (payload + 2 B header)`);
    info(kind, `wire per event at ${PAYLOAD} B payload (client side): ${bytes} B = ${PAYLOAD} + 2 (WebSocket header)`);
    last = readHeader(client.messages[client.messages.length - 1]).sequence;
    client.ws.close(1000, 'done');
    const closed = await withTimeout(client.closed, WAIT_MS, 'close');
    return `${detail}; X-Cursor ${after}; text frames, no pings; ${bytes} B/event; closed ${closed.code}`;
  });

  await check(kind, 'resume with ?cursor= loses nothing', async () => {
    assert(last !== null, 'no cursor from the live check');
    await until(() => ctx.reference.last >= last + 5, 'five more events published while disconnected');
    const client = openWs(`${base}ws?cursor=${last}`);
    await withTimeout(client.opened, WAIT_MS, 'open');
    assert(Number(client.ws.upgradeHeaders['x-cursor']) === last, `X-Cursor ${client.ws.upgradeHeaders['x-cursor']}, expected ${last}`);
    await until(() => client.messages.length >= 10, '10 events');
    const detail = await verifyStream(ctx.reference, last, client.messages, 10);
    client.ws.close();
    return `${detail}, the first 5+ from the history`;
  });

  await check(kind, 'upstream event message accepted (the connection stays open)', async () => {
    const client = openWs(`${base}ws`);
    await withTimeout(client.opened, WAIT_MS, 'open');
    await checkUpstreamEcho(kind, ctx.control, client.messages, (m) => client.ws.send(m));
    assert(client.ws.readyState === WebSocket.OPEN, 'closed after a valid upstream message');
    client.ws.close();
    return 'open after upstream';
  });

  const refusals = [
    ['bad upstream gets 1007', 'hello, not an event message', 1007],
    ['empty upstream gets 1007', '', 1007],
    [`oversized upstream (${MAX_UPSTREAM + 1} B > --max-upstream ${MAX_UPSTREAM}) gets 1009`, createMessage(1, MAX_UPSTREAM + 1), 1009],
  ];
  for (const [what, upstream, code] of refusals) {
    await check(kind, what, async () => {
      const client = openWs(`${base}ws`);
      await withTimeout(client.opened, WAIT_MS, 'open');
      client.ws.send(upstream);
      const closed = await withTimeout(client.closed, WAIT_MS, 'close');
      assert(closed.code === code, `closed with ${closed.code} ${closed.reason}`);
      return `${closed.code} "${closed.reason}"`;
    });
  }

  await check(kind, `upstream of exactly --max-upstream (${MAX_UPSTREAM} B) accepted`, async () => {
    const client = openWs(`${base}ws`);
    await withTimeout(client.opened, WAIT_MS, 'open');
    const from = client.messages.length;
    client.ws.send(createMessage(2, MAX_UPSTREAM));
    await until(() => client.messages.slice(from).some((m) => m.length === MAX_UPSTREAM), `an event of ${MAX_UPSTREAM} B`);
    client.ws.close();
    return 'echoed as an event';
  });

  await check(kind, 'foreign Origin refused with 403, loopback Origin accepted', async () => {
    const foreign = openWs(`${base}ws`, { origin: 'http://example.com' });
    await foreign.opened.then(() => { throw new Error('opened'); }, () => {});
    assert(foreign.ws.refusedStatus === 403, `status ${foreign.ws.refusedStatus}`);
    const local = openWs(`${base}ws`, { origin: 'http://localhost:5173' });
    await withTimeout(local.opened, WAIT_MS, 'open with a loopback origin');
    local.ws.close();
    return '403 for http://example.com; http://localhost:5173 opened';
  });

  await check(kind, 'malformed cursor refused with 400; plain GET /ws refused with 400', async () => {
    const client = openWs(`${base}ws?cursor=abc`);
    await client.opened.then(() => { throw new Error('opened'); }, () => {});
    assert(client.ws.refusedStatus === 400, `status ${client.ws.refusedStatus}`);
    const plain = await request(`${server.info.httpUrl}ws`);
    assert(plain.status === 400, `plain GET: ${plain.status}`);
    return '400, 400';
  });

  await check(kind, 'slow reader: a 16 MiB burst published while the client reads nothing arrives complete (sends wait, nothing lost)', async () => {
    const client = openWs(`${base}ws`);
    await withTimeout(client.opened, WAIT_MS, 'open');
    const after = Number(client.ws.upgradeHeaders['x-cursor']);
    const waitsBefore = (await stats(server)).sendWaits;
    client.ws.pause();
    try {
      const burst = await httpJson('POST', `${ctx.control}control/publish?count=16000&payload=1024`);
      // Read nothing until the server has had to wait (however long a loaded machine takes to fill the buffers).
      let waits = 0;
      const deadline = Date.now() + 60000;
      while (waits === 0 && Date.now() < deadline) {
        await sleep(50);
        waits = (await stats(server)).sendWaits - waitsBefore;
      }
      assert(waits > 0, 'the server never waited for the slow client (the burst fitted in the socket buffers)');
      client.ws.resume();
      const count = burst.lastSequence - after;
      await until(() => client.messages.length >= count, `${count} events`, 60000);
      const detail = await verifyStream(ctx.reference, after, client.messages, count);
      client.ws.close();
      return `${detail.replace(/, [0-9]+ × [0-9]+ B/, '')}; the server's sends waited ${(await stats(server)).sendWaits - waitsBefore} times`;
    } finally {
      client.ws.resume();
      // The burst's hop is queueing behind 16,000 events; the hop figure below is for the steady feed.
      await httpJson('POST', `${server.info.controlUrl}control/reset`);
    }
  });

  if (ctx.ownServe) {
    await check(kind, 'the bridge resubscribes after the floor drops it: nothing lost', async () => {
      const client = openWs(`${base}ws`);
      await withTimeout(client.opened, WAIT_MS, 'open');
      const after = Number(client.ws.upgradeHeaders['x-cursor']);
      await until(() => client.messages.length >= 3, '3 events');
      const before = (await stats(server)).bridge.reconnects;
      const dropped = await httpJson('POST', `${ctx.control}control/drop`);
      let reconnects = before;
      const deadline = Date.now() + WAIT_MS;
      while (reconnects === before && Date.now() < deadline) {
        await sleep(50);
        reconnects = (await stats(server)).bridge.reconnects;
      }
      assert(reconnects > before, 'the bridge did not reconnect');
      await until(() => client.messages.length >= 13, '10 more events');
      const detail = await verifyStream(ctx.reference, after, client.messages, 13);
      client.ws.close();
      return `serve dropped ${dropped} connections; bridge reconnects ${before} -> ${reconnects}; ${detail}`;
    });
  } else {
    info(kind, 'skipped the floor-drop check: it drops every connection of a serve this script did not start');
  }

  await checkServerCounts(kind, server, 'one WebSocket session with upstream', () =>
    countedSession(openWs(`${base}ws`), 3, createMessage(3, PAYLOAD)));

  await check(kind, 'rejections counted', async () => {
    const s = await stats(server);
    // 1007 twice, 1009, 403, 400 twice.
    assert(s.rejected >= 6, `rejected ${s.rejected}`);
    return `rejected ${s.rejected}`;
  });

  await checkStatsAndHop(kind, server);
  await checkStops(kind, server, ctx);
}

// --------------------------------------------------------------------------------------------------------------
// socketio: the official socket.io-client, and a raw Engine.IO v4 WebSocket for the exact bytes

function openIo(url, options = {}) {
  const socket = ioClient(url, { reconnection: false, forceNew: true, timeout: WAIT_MS, ...options });
  const messages = [];
  const state = { cursor: null, rejected: null, disconnect: null, connectError: null };
  socket.on('cursor', (c) => { state.cursor = c; });
  socket.on('event', (m) => messages.push(Buffer.from(m, 'latin1')));
  socket.on('rejected', (r) => { state.rejected = r; });
  socket.on('disconnect', (reason) => { state.disconnect = reason; });
  socket.on('connect_error', (e) => { state.connectError = e.message; });
  onCleanup(() => socket.disconnect());
  return { socket, messages, state };
}

async function smokeSocketIo(ctx) {
  const kind = 'socketio';
  // pingInterval above the test's length: no ping lands between two events of the byte measurement.
  const server = await startNodeServer(kind, ctx.feed, ['--ping-interval', '120s']);
  await checkReadyLine(kind, server, ctx.feed);
  const url = server.info.httpUrl;

  let last = null;
  await check(kind, 'socket.io-client (polling, then upgrade): 10 events complete and in order', async () => {
    const client = openIo(url);
    await until(() => client.state.cursor !== null && client.messages.length >= 10, 'cursor and 10 events');
    const detail = await verifyStream(ctx.reference, client.state.cursor, client.messages, 10);
    await until(() => client.socket.io.engine?.transport?.name === 'websocket', 'the upgrade to websocket');
    last = client.state.cursor + 10;
    client.socket.disconnect();
    return `${detail}; cursor ${client.state.cursor}; upgraded to websocket`;
  });

  await check(kind, 'resume with auth { cursor } loses nothing', async () => {
    assert(last !== null, 'no cursor from the live check');
    await until(() => ctx.reference.last >= last + 5, 'five more events published while disconnected');
    const client = openIo(url, { auth: { cursor: last } });
    await until(() => client.messages.length >= 10, '10 events');
    assert(client.state.cursor === last, `cursor ${client.state.cursor}, expected ${last}`);
    const detail = await verifyStream(ctx.reference, last, client.messages, 10);
    client.socket.disconnect();
    return detail;
  });

  await check(kind, 'resume with query ?cursor= loses nothing', async () => {
    const from = ctx.reference.last - 3;
    const client = openIo(url, { query: { cursor: String(from) } });
    await until(() => client.messages.length >= 6, '6 events');
    const detail = await verifyStream(ctx.reference, from, client.messages, 6);
    client.socket.disconnect();
    return detail;
  });

  for (const transport of ['polling', 'websocket']) {
    await check(kind, `transports: ['${transport}'] only`, async () => {
      const client = openIo(url, { transports: [transport] });
      await until(() => client.state.cursor !== null && client.messages.length >= 5, '5 events');
      const detail = await verifyStream(ctx.reference, client.state.cursor, client.messages, 5);
      assert(client.socket.io.engine.transport.name === transport, `transport ${client.socket.io.engine.transport.name}`);
      client.socket.disconnect();
      return detail;
    });
  }

  await check(kind, 'upstream emit("publish") accepted', async () => {
    const client = openIo(url);
    await until(() => client.socket.connected, 'connect');
    await checkUpstreamEcho(kind, ctx.control, client.messages, (m) => client.socket.emit('publish', m.toString('latin1')));
    assert(client.socket.connected, 'disconnected after a valid upstream message');
    client.socket.disconnect();
    return 'still connected';
  });

  await check(kind, 'bad upstream: "rejected" event, then the server disconnects', async () => {
    const client = openIo(url);
    await until(() => client.socket.connected, 'connect');
    client.socket.emit('publish', 'hello, not an event message');
    await until(() => client.state.disconnect !== null, 'disconnect');
    assert(client.state.rejected === 'not an event message', `rejected: ${client.state.rejected}`);
    assert(client.state.disconnect === 'io server disconnect', `disconnect reason: ${client.state.disconnect}`);
    return `"${client.state.rejected}", ${client.state.disconnect}`;
  });

  await check(kind, 'malformed auth cursor: connect_error', async () => {
    const client = openIo(url, { auth: { cursor: 'abc' } });
    await until(() => client.state.connectError !== null, 'connect_error');
    client.socket.disconnect();
    return client.state.connectError;
  });

  await check(kind, 'foreign Origin refused (403 on polling and on the WebSocket upgrade)', async () => {
    const polling = await request(`${url}socket.io/?EIO=4&transport=polling`, { headers: { Origin: 'http://example.com' } });
    assert(polling.status === 403, `polling: ${polling.status}`);
    const client = openIo(url, { transports: ['websocket'], extraHeaders: { Origin: 'http://example.com' } });
    await until(() => client.state.connectError !== null, 'connect_error');
    client.socket.disconnect();
    const local = await request(`${url}socket.io/?EIO=4&transport=polling`, { headers: { Origin: 'http://127.0.0.1:5173' } });
    assert(local.status === 200, `loopback origin: ${local.status}`);
    return `polling 403, websocket "${client.state.connectError}", loopback origin 200`;
  });

  // The exact wire: Engine.IO v4 straight over a WebSocket, as the suite's own client will speak it.
  const rawSession = async (afterCursor) => {
    const client = openWs(`${url.replace(/^http/, 'ws')}socket.io/?EIO=4&transport=websocket`);
    await withTimeout(client.opened, WAIT_MS, 'open');
    await until(() => client.frames.length >= 1, 'the open packet');
    const open = client.frames[0].data.toString();
    assert(open.startsWith('0{'), `first packet ${open}`);
    client.ws.send(afterCursor === undefined ? '40' : `40${JSON.stringify({ cursor: afterCursor })}`);
    return { client, open: JSON.parse(open.slice(1)) };
  };

  await check(kind, 'raw Engine.IO v4 over WebSocket: 42["event","…"] packets, exact bytes per event', async () => {
    const { client, open } = await rawSession();
    await until(() => client.frames.length >= 15, 'connect, cursor and 12 events');
    const texts = client.frames.map((f) => f.data.toString());
    assert(texts[1].startsWith('40{"sid":'), `connect answer ${texts[1]}`);
    const cursor = JSON.parse(texts[2].slice(2));
    assert(cursor[0] === 'cursor' && Number.isInteger(cursor[1]), `cursor packet ${texts[2]}`);
    const events = texts.slice(3).map((t) => {
      assert(t.startsWith('42["event","') && t.endsWith('"]'), `packet ${t}`);
      return Buffer.from(JSON.parse(t.slice(2))[1], 'latin1');
    });
    const detail = await verifyStream(ctx.reference, cursor[1], events, 12);
    const bytes = await perEventBytes(ctx, client.socket, () => {
      const latest = client.frames.map((f) => f.data.toString()).findLast((t) => t.startsWith('42["event","'));
      return latest === undefined ? cursor[1] : readHeader(Buffer.from(JSON.parse(latest.slice(2))[1], 'latin1')).sequence;
    });
    const packet = `42["event",""]`.length + PAYLOAD;
    ctx.figures.push({ kind: 'socketio', transport: 'websocket', frame: '42["event","…"]', perEvent: bytes, payload: PAYLOAD });
    assert(bytes === packet + 2, `${bytes} B per event, expected ${packet + 2}`);
    info(kind, `wire per event at ${PAYLOAD} B payload over websocket (client side): ${bytes} B = ${PAYLOAD} + ${packet - PAYLOAD} (42["event","…"]) + 2 (WebSocket header); pingInterval ${open.pingInterval} ms, pingTimeout ${open.pingTimeout} ms, maxPayload ${open.maxPayload}`);
    client.ws.close();
    return `${detail}; ${bytes} B/event`;
  });

  await checkServerCounts(kind, server, 'one raw Engine.IO WebSocket session', async () =>
    countedSession((await rawSession()).client, 5, `42${JSON.stringify(['publish', createMessage(4, PAYLOAD).toString('latin1')])}`));

  await checkStatsAndHop(kind, server);
  await checkStops(kind, server, ctx);
}

// --------------------------------------------------------------------------------------------------------------
// sockjs: raw clients of the SockJS protocol (websocket, xhr_streaming, xhr polling, xhr_send)

const sessionPath = () => `${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}/${randomBytes(6).toString('hex')}`;

/** Parses SockJS frames ('o', 'h', 'a[…]', 'c[…]') into { type, messages?, close? }. */
function sockjsFrame(text) {
  switch (text[0]) {
    case 'o': case 'h': return { type: text[0] };
    case 'a': return { type: 'a', messages: JSON.parse(text.slice(1)) };
    case 'c': return { type: 'c', close: JSON.parse(text.slice(1)) };
    default: throw new Error(`unknown SockJS frame ${JSON.stringify(text.slice(0, 40))}`);
  }
}

/** Splits a SockJS receive stream into the announced cursor and event messages. */
function sockjsMessages(frames) {
  const out = { cursor: null, events: [], closes: [] };
  for (const f of frames) {
    if (f.type === 'c') out.closes.push(f.close);
    for (const m of f.messages ?? []) {
      if (m.startsWith('{')) out.cursor = JSON.parse(m).cursor;
      else out.events.push(Buffer.from(m, 'latin1'));
    }
  }
  return out;
}

function openSockJsWs(base, query = '') {
  const client = openWs(`${base.replace(/^http/, 'ws')}sockjs/${sessionPath()}/websocket${query}`);
  client.sockjs = () => client.frames.map((f) => sockjsFrame(f.data.toString()));
  return client;
}

/** An xhr_streaming receive request; frames accumulate as they arrive; bytes at the socket. */
async function openXhrStreaming(base, session, query = '') {
  let text = '';
  let prelude = null;
  const frames = [];
  const marks = [];
  const ends = [];
  const response = await request(`${base}sockjs/${session}/xhr_streaming${query}`, {
    method: 'POST',
    onData: (chunk, socket) => {
      text += chunk.toString('latin1');
      if (prelude === null) {
        const end = text.indexOf('\n');
        if (end < 0) return;
        prelude = text.slice(0, end);
        text = text.slice(end + 1);
      }
      let newline;
      while ((newline = text.indexOf('\n')) >= 0) {
        frames.push(sockjsFrame(text.slice(0, newline)));
        marks.push(socket.bytesRead);
        text = text.slice(newline + 1);
      }
      // A read that ended exactly at a frame's end: bytesRead there is the bytes through that frame, no more. Frames
      // that arrived together share one bytesRead, so only these ends delimit a byte count.
      if (text === '' && frames.length > 0) ends.push(frames.length - 1);
    },
  });
  return { response, frames, marks, ends, prelude: () => prelude, socket: response.socket, close: () => response.req.destroy() };
}

async function smokeSockJs(ctx) {
  const kind = 'sockjs';
  // heartbeat above the test's length: no 'h' frame lands between two events of the byte measurement.
  const server = await startNodeServer(kind, ctx.feed, ['--heartbeat', '120s']);
  await checkReadyLine(kind, server, ctx.feed);
  const base = server.info.httpUrl;

  await check(kind, '/sockjs/info answers', async () => {
    const response = await request(`${base}sockjs/info`);
    const body = JSON.parse((await withTimeout(response.body, WAIT_MS, 'the info body')).toString());
    assert(response.status === 200 && body.websocket === true, `${response.status} ${JSON.stringify(body)}`);
    return JSON.stringify(body).replace(/"entropy":[0-9]+/, '"entropy":…');
  });

  let last = null;
  await check(kind, 'websocket transport: o, a["{\\"cursor\\":N}"], then 10 events complete and in order', async () => {
    const client = openSockJsWs(base);
    await withTimeout(client.opened, WAIT_MS, 'open');
    await until(() => client.frames.length >= 14, 'o, the cursor and 12 events');
    const frames = client.sockjs();
    assert(frames[0].type === 'o', `first frame ${frames[0].type}`);
    const { cursor, events } = sockjsMessages(frames);
    assert(Number.isInteger(cursor), 'no cursor message');
    assert(frames.slice(2).every((f) => f.type === 'a' && f.messages.length === 1), 'an event frame with several messages or another frame type');
    const detail = await verifyStream(ctx.reference, cursor, events, 12);
    const bytes = await perEventBytes(ctx, client.socket, () => readHeader(sockjsMessages(client.sockjs()).events.at(-1)).sequence);
    ctx.figures.push({ kind: 'sockjs', transport: 'websocket', frame: 'a["…"]', perEvent: bytes, payload: PAYLOAD });
    assert(bytes === PAYLOAD + 5 + 2, `${bytes} B per event, expected ${PAYLOAD + 7}`);
    info(kind, `wire per event at ${PAYLOAD} B payload over websocket (client side): ${bytes} B = ${PAYLOAD} + 5 (a["…"]) + 2 (WebSocket header)`);
    last = readHeader(events.at(-1)).sequence;
    client.ws.close();
    return `${detail}; cursor ${cursor}; ${bytes} B/event`;
  });

  await check(kind, 'websocket transport: resume with ?cursor= on the session URL loses nothing', async () => {
    assert(last !== null, 'no cursor from the live check');
    await until(() => ctx.reference.last >= last + 5, 'five more events published while disconnected');
    const client = openSockJsWs(base, `?cursor=${last}`);
    await withTimeout(client.opened, WAIT_MS, 'open');
    await until(() => sockjsMessages(client.sockjs()).events.length >= 10, '10 events');
    const { cursor, events } = sockjsMessages(client.sockjs());
    assert(cursor === last, `announced cursor ${cursor}, expected ${last}`);
    const detail = await verifyStream(ctx.reference, last, events, 10);
    client.ws.close();
    return detail;
  });

  await check(kind, 'xhr_streaming: prelude, o, then 10 events in order; resume with ?cursor=', async () => {
    const from = ctx.reference.last - 2;
    const stream = await openXhrStreaming(base, sessionPath(), `?cursor=${from}`);
    assert(stream.response.status === 200, `status ${stream.response.status}`);
    await until(() => sockjsMessages(stream.frames).events.length >= 12, '12 events');
    assert(stream.prelude() === 'h'.repeat(2048), `prelude of ${stream.prelude()?.length} bytes`);
    assert(stream.frames[0].type === 'o', 'no open frame');
    const { cursor, events } = sockjsMessages(stream.frames);
    assert(cursor === from, `announced cursor ${cursor}, expected ${from}`);
    const detail = await verifyStream(ctx.reference, from, events, 12);
    // Live events (after the backlog): one a["…"]\n frame per chunk of the chunked response.
    // Measured between the first and last reads that ended at a frame's end among the live frames, so frames that a
    // loaded machine delivered in one read are counted with their bytes.
    const liveFrom = stream.frames.length - 6;
    await until(() => stream.ends.filter((end) => end >= liveFrom).length >= 2, 'two reads ending at a frame among the live ones');
    const liveEnds = stream.ends.filter((end) => end >= liveFrom);
    const [first, last] = [liveEnds[0], liveEnds[liveEnds.length - 1]];
    const bytes = (stream.marks[last] - stream.marks[first]) / (last - first);
    const frameBytes = PAYLOAD + 6;
    const chunked = frameBytes.toString(16).length + 2 + frameBytes + 2;
    ctx.figures.push({ kind: 'sockjs', transport: 'xhr_streaming', frame: 'a["…"]\\n in an HTTP chunk', perEvent: bytes, payload: PAYLOAD });
    assert(bytes === chunked, `${bytes} B per event, expected ${chunked}`);
    info(kind, `wire per event at ${PAYLOAD} B payload over xhr_streaming (client side): ${bytes} B = ${PAYLOAD} + 6 (a["…"]\\n) + ${chunked - frameBytes} (HTTP/1.1 chunk framing)`);
    stream.close();
    return `${detail}; ${bytes} B/event`;
  });

  await check(kind, 'xhr polling: events in order across polls', async () => {
    const session = sessionPath();
    const collected = [];
    const from = ctx.reference.last - 1;
    let polls = 0;
    while (sockjsMessages(collected).events.length < 5 && polls < 50) {
      const response = await request(`${base}sockjs/${session}/xhr${polls === 0 ? `?cursor=${from}` : ''}`, { method: 'POST' });
      assert(response.status === 200, `poll ${polls}: status ${response.status}`);
      const body = (await withTimeout(response.body, WAIT_MS, 'poll')).toString('latin1');
      collected.push(...body.split('\n').filter(Boolean).map(sockjsFrame));
      polls++;
    }
    assert(collected[0].type === 'o', 'no open frame');
    const { cursor, events } = sockjsMessages(collected);
    assert(cursor === from, `announced cursor ${cursor}`);
    return `${await verifyStream(ctx.reference, from, events, 5)} over ${polls} polls`;
  });

  await check(kind, 'upstream over websocket accepted', async () => {
    const client = openSockJsWs(base);
    await withTimeout(client.opened, WAIT_MS, 'open');
    const events = [];
    client.ws.on('message', () => { events.splice(0, events.length, ...sockjsMessages(client.sockjs()).events); });
    await checkUpstreamEcho(kind, ctx.control, events, (m) => client.ws.send(JSON.stringify([m.toString('latin1')])));
    assert(client.ws.readyState === WebSocket.OPEN, 'closed after a valid upstream message');
    client.ws.close();
    return 'still open';
  });

  await check(kind, 'upstream over xhr_send accepted (204)', async () => {
    const session = sessionPath();
    const stream = await openXhrStreaming(base, session);
    await until(() => stream.frames.length >= 1, 'open frame');
    const events = [];
    const timer = setInterval(() => events.splice(0, events.length, ...sockjsMessages(stream.frames).events), 10);
    let status = null;
    try {
      await checkUpstreamEcho(kind, ctx.control, events, async (m) => {
        const sent = await request(`${base}sockjs/${session}/xhr_send`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify([m.toString('latin1')]) });
        status = sent.status;
      });
    } finally {
      clearInterval(timer);
      stream.close();
    }
    assert(status === 204, `xhr_send answered ${status}`);
    return 'xhr_send 204';
  });

  await check(kind, 'bad upstream gets c[1007,…]', async () => {
    const client = openSockJsWs(base);
    await withTimeout(client.opened, WAIT_MS, 'open');
    client.ws.send(JSON.stringify(['hello, not an event message']));
    await until(() => sockjsMessages(client.sockjs()).closes.length > 0, 'a close frame');
    const [code, reason] = sockjsMessages(client.sockjs()).closes[0];
    assert(code === 1007, `c[${code},"${reason}"]`);
    client.ws.close();
    return `c[${code},"${reason}"]`;
  });

  await check(kind, `oversized upstream (${MAX_UPSTREAM + 1} B) gets c[1009,…]`, async () => {
    const client = openSockJsWs(base);
    await withTimeout(client.opened, WAIT_MS, 'open');
    client.ws.send(JSON.stringify([createMessage(5, MAX_UPSTREAM + 1).toString('latin1')]));
    await until(() => sockjsMessages(client.sockjs()).closes.length > 0, 'a close frame');
    const [code, reason] = sockjsMessages(client.sockjs()).closes[0];
    assert(code === 1009, `c[${code},"${reason}"]`);
    client.ws.close();
    return `c[${code},"${reason}"]`;
  });

  await check(kind, 'foreign Origin refused with 403 (info, xhr_streaming, websocket); malformed cursor 400', async () => {
    const foreign = { Origin: 'http://example.com' };
    const infoResponse = await request(`${base}sockjs/info`, { headers: foreign });
    const streaming = await request(`${base}sockjs/${sessionPath()}/xhr_streaming`, { method: 'POST', headers: foreign });
    const ws = openWs(`${base.replace(/^http/, 'ws')}sockjs/${sessionPath()}/websocket`, { origin: 'http://example.com' });
    await ws.opened.then(() => { throw new Error('websocket opened'); }, () => {});
    const local = await request(`${base}sockjs/info`, { headers: { Origin: 'http://localhost:3000' } });
    const badCursor = await request(`${base}sockjs/${sessionPath()}/xhr_streaming?cursor=-1`, { method: 'POST' });
    assert(infoResponse.status === 403 && streaming.status === 403 && ws.ws.refusedStatus === 403, `${infoResponse.status} ${streaming.status} ${ws.ws.refusedStatus}`);
    assert(local.status === 200, `loopback origin: ${local.status}`);
    assert(badCursor.status === 400, `malformed cursor: ${badCursor.status}`);
    return '403 403 403; loopback origin 200; cursor=-1 400';
  });

  await checkServerCounts(kind, server, 'one SockJS WebSocket session', () =>
    countedSession(openSockJsWs(base), 4, JSON.stringify([createMessage(6, PAYLOAD).toString('latin1')])));

  await checkStatsAndHop(kind, server);
  await checkStops(kind, server, ctx);
}

// --------------------------------------------------------------------------------------------------------------
// Main

async function main() {
  const args = parseArgs(process.argv.slice(2));
  for (const folder of [path.join(root, 'servers', 'node'), here]) {
    if (!fs.existsSync(path.join(folder, 'node_modules'))) {
      report(false, 'setup', `dependencies of ${path.relative(root, folder)}`, `run: npm ci --prefix ${path.relative(process.cwd(), folder) || '.'}`);
      process.stdout.write(`${summary()}\n`);
      process.exit(1);
    }
  }

  let serve = null;
  let feed = args.feed;
  let control = args.control;
  let restoreFeed = null;
  try {
    if (feed === null) {
      const [command, commandArgs] = args.benchDll
        ? ['dotnet', [args.benchDll]]
        : ['dotnet', ['run', '--project', path.join('bench', 'Transports.Bench'), '-c', 'Release', '--']];
      serve = await startReady(command, [...commandArgs, 'serve', '--rate', String(RATE), '--payload', String(PAYLOAD), '--machine-readable'], {
        cwd: root,
        what: 'serve',
        ms: 300000, // dotnet run may build first
      });
      feed = serve.info.tcpEndPoint;
      control = serve.info.controlUrl;
      info('setup', `serve started: tcp floor ${feed}, control ${control}`);
    } else {
      control = control.endsWith('/') ? control : `${control}/`;
      restoreFeed = await httpJson('GET', `${control}control/feed`);
      await httpJson('POST', `${control}control/feed?rate=${RATE}&payload=${PAYLOAD}`);
      info('setup', `using serve at ${feed} (control ${control}); feed set to ${RATE}/s of ${PAYLOAD} B`);
    }
  } catch (error) {
    report(false, 'setup', 'start serve', error.message);
    process.stdout.write(`${summary()}\n`);
    process.exit(1);
  }

  const ctx = { feed, control, figures: [], ownServe: serve !== null };
  await runSuites(ctx, feed, { ws: smokeWs, socketio: smokeSocketIo, sockjs: smokeSockJs }, args.kinds, async () => {
    if (restoreFeed) {
      await httpJson('POST', `${control}control/feed?rate=${restoreFeed.rateHz}&payload=${restoreFeed.payloadBytes}`).catch(() => {});
    }
    if (serve) await serve.stop(10000);
  });

  if (ctx.figures.length > 0) {
    info('summary', `bytes per event on the wire at ${PAYLOAD} B payload, client side (by their framing, not measured here: tcp floor ${PAYLOAD + 4} B, Kestrel websocket ${PAYLOAD + 2} B):`);
    for (const f of ctx.figures) {
      info('summary', `  ${f.kind.padEnd(9)} ${f.transport.padEnd(14)} ${String(f.perEvent).padStart(3)} B  (+${f.perEvent - f.payload} B: ${f.frame})`);
    }
  }
  process.stdout.write(`${summary()}\n`);
  process.exit(results().failed === 0 ? 0 : 1);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
