#!/usr/bin/env node
// Widely used client libraries against the suite's own server (`serve`, Kestrel): `ws` on websocket, `eventsource` on
// sse, Node's `fetch` on polling, long polling and POST /publish, `@stomp/stompjs` on stomp.
//
// Usage (from anywhere; paths resolve from this file):
//   node tests/interop/standard-clients.mjs --control URL [--clients ws,eventsource,fetch,stomp] [--max-upstream N]
//        a `serve` already running, found by its control URL (GET /control/info names the rest). Its feed is set to
//        20 events/s of 16 B for the run and put back as it was afterwards. --max-upstream is that serve's (4096).
//   node tests/interop/standard-clients.mjs --bench-dll PATH [--clients ...]
//        starts `dotnet PATH serve --rate 20 --payload 16 --max-upstream 4096 --machine-readable`, stops it at the end
// Options: --help
//
// Needs `npm ci` in tests/interop. Output: `PASS client: what (detail)` or `FAIL client: what (detail)` per check,
// `INFO` lines with figures, then `N passed, N failed`. Exit code 0 when every check passed, 1 when one failed (or
// the setup did), 2 for bad arguments.
//
// Ground truth: a raw subscription to the tcp floor records every event's bytes; every event a client gets must be
// those bytes exactly, with consecutive sequences from the cursor the server announced.
//
// Every client checks what its protocol has: events complete and in order; resume (?cursor=, Last-Event-ID) loses
// nothing; a foreign Origin is refused (403: every transport request is held to the allowed origins); upstream reaches
// the feed, and bad (1007 / 400 / ERROR) or oversized (1009 / 413 / ERROR) upstream is refused; the close handshake
// completes where there is one (WebSocket, STOMP's DISCONNECT and RECEIPT).

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { EventSource } from 'eventsource';
import { Client as StompClient } from '@stomp/stompjs';
import {
  WAIT_MS, assert, check, createMessage, httpJson, info, measureWire, onCleanup, openWs, readHeader, report, results,
  runSuites, sleep, startReady, summary, until, verifyStream, withTimeout,
} from './lib/checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

const PAYLOAD = 16; // the feed's event size for this run
const RATE = 20; // events per second
const EVENTS = 10; // events each stream check takes
const WIRE_EVENTS = 10; // events of the exact byte count
const UPSTREAM_SIZE = 40; // differs from PAYLOAD: the event it becomes is recognisable by its size
const FOREIGN = 'http://evil.example';
const CLIENTS = ['ws', 'eventsource', 'fetch', 'stomp'];

// --------------------------------------------------------------------------------------------------------------
// Arguments

function usage(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { clients: CLIENTS, control: null, benchDll: null, maxUpstream: 4096 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${name} needs a value`));
    switch (name) {
      case '--clients':
        args.clients = value().split(',').map((c) => c.trim()).filter(Boolean);
        for (const client of args.clients) {
          if (!CLIENTS.includes(client)) usage(`--clients: '${client}' is not one of ${CLIENTS.join(', ')}`);
        }
        break;
      case '--control': args.control = value(); try { new URL(args.control); } catch { usage(`--control: '${args.control}' is not a URL`); } break;
      case '--bench-dll': args.benchDll = value(); if (!fs.existsSync(args.benchDll)) usage(`--bench-dll: ${args.benchDll} does not exist`); break;
      case '--max-upstream': args.maxUpstream = Number(value()); if (!Number.isInteger(args.maxUpstream) || args.maxUpstream < 16) usage('--max-upstream: give a byte count of at least 16'); break;
      case '--help': case '-h':
        process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 17).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
        process.exit(0);
        break;
      default: usage(`unknown option '${name}' (see --help)`);
    }
  }
  if ((args.control === null) === (args.benchDll === null)) usage('give one of --control and --bench-dll');
  return args;
}

// --------------------------------------------------------------------------------------------------------------
// Small tools

const wsUrl = (ctx, pathAndQuery) => `${ctx.http.replace(/^http/, 'ws').replace(/\/$/, '')}${pathAndQuery}`;
const httpUrl = (ctx, pathAndQuery) => `${ctx.http.replace(/\/$/, '')}${pathAndQuery}`;
const stats = (ctx) => httpJson('GET', `${ctx.control}control/stats`);
const sequenceOf = (message) => readHeader(message)?.sequence;

/** Polls the server's stats until `key` satisfies `done` (bounded); returns its last value. */
async function statWhen(ctx, key, done) {
  const deadline = Date.now() + WAIT_MS;
  let value = (await stats(ctx))[key];
  while (!done(value) && Date.now() < deadline) {
    await sleep(20);
    value = (await stats(ctx))[key];
  }
  return value;
}

/** Waits for a `closed` promise and returns { code, reason }. */
const closedWith = (client, what) => withTimeout(client.closed, WAIT_MS, what);

/** The client's exact bytes per event between quiet edges (measureWire), held to what its framing fixes for each sequence. */
async function checkWireBytes(ctx, kind, framing, client) {
  await check(kind, `wire bytes per event, client side: the payload plus ${framing}`, async () => {
    await client.ready();
    const measured = await measureWire(ctx.control, client, { events: WIRE_EVENTS, rate: RATE, payload: PAYLOAD });
    let expected = 0;
    for (let sequence = measured.first; sequence <= measured.last; sequence++) expected += client.perEvent(sequence);
    assert(measured.bytes === expected, `${measured.bytes} B read for events ${measured.first}..${measured.last}, expected ${expected}`);
    const each = measured.bytes / measured.events;
    return `${measured.bytes} B for ${measured.events} events: ${each.toFixed(2)} B each, ${(each - PAYLOAD).toFixed(2)} B over the ${PAYLOAD} B payload`;
  });
}

/** Waits until the upstream counter moved and an event of UPSTREAM_SIZE arrived among `messages()`. */
async function upstreamEchoed(ctx, before, messages) {
  await until(() => messages().some((m) => m.length === UPSTREAM_SIZE), `an event of ${UPSTREAM_SIZE} B (the upstream message) to come back`);
  const after = (await stats(ctx)).upstreamReceived;
  assert(after === before + 1, `the server counted ${after - before} upstream messages, not 1`);
  return `a ${UPSTREAM_SIZE} B upstream message became an event; upstreamReceived ${before} -> ${after}`;
}

// --------------------------------------------------------------------------------------------------------------
// ws on /ws

async function wsChecks(ctx) {
  const kind = 'ws';
  const url = wsUrl(ctx, '/ws');
  let last;
  await check(kind, `${EVENTS} events complete and in order from the handshake's X-Cursor`, async () => {
    const client = openWs(url);
    await withTimeout(client.opened, WAIT_MS, 'open');
    const after = Number(client.ws.upgradeHeaders['x-cursor']);
    await until(() => client.messages.length >= EVENTS, `${EVENTS} events`);
    const detail = await verifyStream(ctx.reference, after, client.messages, EVENTS);
    last = sequenceOf(client.messages[client.messages.length - 1]);
    return `${detail}; cursor ${after}`;
  });

  {
    const client = openWs(url);
    await checkWireBytes(ctx, kind, 'an unmasked text frame: 2 B of header', {
      ready: () => withTimeout(client.opened, WAIT_MS, 'open'),
      bytesRead: () => client.socket().bytesRead,
      lastSequence: () => (client.messages.length === 0 ? Number(client.ws.upgradeHeaders['x-cursor']) : sequenceOf(client.messages[client.messages.length - 1])),
      perEvent: () => 2 + PAYLOAD,
    });
  }

  await check(kind, 'resume with ?cursor= loses nothing', async () => {
    assert(last !== undefined, 'the first check left no cursor');
    await sleep(300); // events go by while no client is connected
    const client = openWs(`${url}?cursor=${last}`);
    await withTimeout(client.opened, WAIT_MS, 'open');
    await until(() => client.messages.length >= EVENTS, `${EVENTS} events`);
    return verifyStream(ctx.reference, last, client.messages, EVENTS);
  });

  await check(kind, 'upstream reaches the feed and comes back as an event', async () => {
    const client = openWs(url);
    await withTimeout(client.opened, WAIT_MS, 'open');
    const before = (await stats(ctx)).upstreamReceived;
    client.ws.send(createMessage(1, UPSTREAM_SIZE));
    return upstreamEchoed(ctx, before, () => client.messages);
  });

  await check(kind, 'a foreign Origin is refused with 403', async () => {
    const client = openWs(url, { origin: FOREIGN });
    await withTimeout(client.opened.then(() => { throw new Error('the handshake was accepted'); }, () => {}), WAIT_MS, 'refusal');
    assert(client.ws.refusedStatus === 403, `refused with ${client.ws.refusedStatus}`);
    return '403';
  });

  for (const [what, message, code] of [
    ['bad upstream gets close 1007', Buffer.from('not an event message'), 1007],
    [`oversized upstream (${ctx.maxUpstream + 1} B) gets close 1009`, createMessage(2, ctx.maxUpstream + 1), 1009],
  ]) {
    await check(kind, what, async () => {
      const client = openWs(url);
      await withTimeout(client.opened, WAIT_MS, 'open');
      client.ws.send(message);
      const closed = await closedWith(client, 'the server to close');
      assert(closed.code === code, `closed with ${closed.code} ${closed.reason}`);
      return `${closed.code} "${closed.reason}"`;
    });
  }

  await check(kind, 'the close handshake completes: 1000 answered, then the server ends the connection', async () => {
    const client = openWs(url);
    await withTimeout(client.opened, WAIT_MS, 'open');
    const started = Date.now();
    client.ws.close(1000, 'bye');
    // `ws` reports 1006 when no close frame came back (it then gives up after 30 s): 1000 is the server's answer.
    const closed = await closedWith(client, 'the close handshake');
    assert(closed.code === 1000, `closed with ${closed.code}`);
    assert(client.socket().destroyed, 'the TCP connection is still open');
    return `1000 after ${Date.now() - started} ms`;
  });
}

// --------------------------------------------------------------------------------------------------------------
// eventsource on /sse

/** An EventSource whose requests we see: extra headers go on each, and each response's status and X-Cursor are kept. */
function openEventSource(url, headers = {}) {
  const state = { messages: [], ids: [], requests: [], statuses: [], cursor: null, errors: [] };
  const es = new EventSource(url, {
    fetch: async (input, init) => {
      const sent = { ...init.headers, ...headers };
      state.requests.push(sent);
      const response = await fetch(input, { ...init, headers: sent });
      state.statuses.push(response.status);
      state.cursor ??= response.headers.get('x-cursor');
      return response;
    },
  });
  es.onmessage = (e) => { state.messages.push(Buffer.from(e.data, 'latin1')); state.ids.push(e.lastEventId); };
  es.onerror = (e) => state.errors.push(e);
  onCleanup(() => es.close());
  return { es, ...state, state };
}

async function eventSourceChecks(ctx) {
  const kind = 'eventsource';
  const url = httpUrl(ctx, '/sse');
  let last;
  await check(kind, `${EVENTS} events complete and in order from X-Cursor, each with its sequence as id`, async () => {
    const { es, state } = openEventSource(url);
    await until(() => state.messages.length >= EVENTS, `${EVENTS} events`);
    const after = Number(state.cursor);
    const detail = await verifyStream(ctx.reference, after, state.messages, EVENTS);
    state.ids.slice(0, EVENTS).forEach((id, i) => assert(id === String(after + 1 + i), `event ${i + 1} has id ${id}`));
    last = Number(state.ids[state.ids.length - 1]);
    es.close();
    return `${detail}; ids match`;
  });

  await check(kind, 'a new EventSource sent Last-Event-ID resumes after it and loses nothing', async () => {
    assert(last !== undefined, 'the first check left no id');
    await sleep(300);
    const { state } = openEventSource(url, { 'Last-Event-ID': String(last) });
    await until(() => state.messages.length >= EVENTS, `${EVENTS} events`);
    return verifyStream(ctx.reference, last, state.messages, EVENTS);
  });

  await check(kind, 'after the server drops the stream, EventSource reconnects with Last-Event-ID by itself and loses nothing', async () => {
    const { state } = openEventSource(url);
    await until(() => state.messages.length >= 3, '3 events');
    const after = Number(state.cursor);
    const dropped = await httpJson('POST', `${ctx.control}control/drop`);
    const seenAtDrop = state.ids.length;
    // The library's own retry: 3 s by default (the server sends no retry: field).
    await until(() => state.requests.length >= 2 && state.messages.length >= seenAtDrop + EVENTS, 'the reconnect and more events', WAIT_MS);
    const resumedFrom = state.requests[1]['Last-Event-ID'];
    assert(resumedFrom === state.ids[seenAtDrop - 1], `the reconnect sent Last-Event-ID ${resumedFrom}, the last id seen was ${state.ids[seenAtDrop - 1]}`);
    const detail = await verifyStream(ctx.reference, after, state.messages, state.messages.length);
    return `${dropped} connections dropped; reconnected with Last-Event-ID ${resumedFrom}; ${detail}`;
  });

  await check(kind, 'a foreign Origin is refused with 403, and EventSource gives up', async () => {
    const { es, state } = openEventSource(url, { Origin: FOREIGN });
    await until(() => state.errors.length > 0, 'the error event');
    assert(state.statuses[0] === 403, `answered ${state.statuses[0]}`);
    assert(es.readyState === EventSource.CLOSED, `readyState ${es.readyState}, not CLOSED`);
    return `403, ${state.errors[0].message ?? 'error'}`;
  });

  await check(kind, 'close() ends the stream and the server sees the client go (SSE has no goodbye: counted as an abort)', async () => {
    const { es, state } = openEventSource(url);
    await until(() => state.messages.length >= 1, 'an event');
    const before = (await stats(ctx)).clientAborts;
    es.close();
    const now = await statWhen(ctx, 'clientAborts', (n) => n > before);
    assert(now === before + 1, `clientAborts ${before} -> ${now}`);
    return `clientAborts ${before} -> ${now}`;
  });
}

// --------------------------------------------------------------------------------------------------------------
// fetch on /poll, /long-poll and /publish

/** GET a batch: { status, cursor (X-Cursor), events (each message of the body) }. */
async function getBatch(url, headers = {}) {
  const response = await withTimeout(fetch(url, { headers }), WAIT_MS, `GET ${url}`);
  const body = Buffer.from(await response.arrayBuffer());
  const events = [];
  for (let start = 0; start < body.length;) {
    const end = body.indexOf(0x0a, start);
    assert(end >= 0, 'a batch line without its newline');
    events.push(body.subarray(start, end));
    start = end + 1;
  }
  const cursor = response.headers.get('x-cursor');
  return { status: response.status, cursor: cursor === null ? null : Number(cursor), events };
}

/** Subscribes without a cursor, then asks with the last sequence seen until `count` events arrived. */
async function pollEvents(ctx, pathName, count, pauseMs) {
  const first = await getBatch(httpUrl(ctx, pathName));
  assert(first.status === 200 && first.cursor !== null, `the subscribe answered ${first.status} without X-Cursor`);
  const events = [];
  let cursor = first.cursor;
  let requests = 1;
  const deadline = Date.now() + WAIT_MS;
  while (events.length < count) {
    assert(Date.now() < deadline, `${events.length} of ${count} events`);
    const batch = await getBatch(httpUrl(ctx, `${pathName}?cursor=${cursor}`));
    requests++;
    assert(batch.status === 200, `answered ${batch.status}`);
    events.push(...batch.events);
    if (batch.events.length > 0) cursor = sequenceOf(batch.events[batch.events.length - 1]);
    if (pauseMs > 0) await sleep(pauseMs);
  }
  return { after: first.cursor, events, requests, cursor };
}

async function fetchChecks(ctx) {
  const kind = 'fetch';
  let last;
  await check(kind, `polling: ${EVENTS} events complete and in order across polls`, async () => {
    const { after, events, requests, cursor } = await pollEvents(ctx, '/poll', EVENTS, 50);
    last = cursor;
    return `${await verifyStream(ctx.reference, after, events, EVENTS)} over ${requests} requests`;
  });

  await check(kind, 'polling: resume with ?cursor= after a pause loses nothing', async () => {
    assert(last !== undefined, 'the first check left no cursor');
    await sleep(300);
    const batch = await getBatch(httpUrl(ctx, `/poll?cursor=${last}`));
    assert(batch.events.length >= 3, `only ${batch.events.length} events waited`);
    return verifyStream(ctx.reference, last, batch.events, batch.events.length);
  });

  await check(kind, `long polling: ${EVENTS} events complete and in order, each request held until events exist`, async () => {
    const { after, events, requests } = await pollEvents(ctx, '/long-poll', EVENTS, 0);
    return `${await verifyStream(ctx.reference, after, events, EVENTS)} over ${requests} requests`;
  });

  await check(kind, 'POST /publish: 202, and the message comes back as an event', async () => {
    const { cursor } = await getBatch(httpUrl(ctx, '/poll'));
    const before = (await stats(ctx)).upstreamReceived;
    const response = await fetch(httpUrl(ctx, '/publish'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: createMessage(3, UPSTREAM_SIZE) });
    assert(response.status === 202, `answered ${response.status}`);
    const seen = [];
    let at = cursor;
    const deadline = Date.now() + WAIT_MS;
    while (!seen.some((m) => m.length === UPSTREAM_SIZE) && Date.now() < deadline) {
      const batch = await getBatch(httpUrl(ctx, `/long-poll?cursor=${at}`));
      seen.push(...batch.events);
      if (batch.events.length > 0) at = sequenceOf(batch.events[batch.events.length - 1]);
    }
    return upstreamEchoed(ctx, before, () => seen);
  });

  for (const [what, body, status] of [
    ['POST /publish of what is not an event message gets 400', Buffer.from('not an event message'), 400],
    [`POST /publish of ${ctx.maxUpstream + 1} B gets 413`, createMessage(4, ctx.maxUpstream + 1), 413],
  ]) {
    await check(kind, what, async () => {
      const response = await fetch(httpUrl(ctx, '/publish'), { method: 'POST', body });
      assert(response.status === status, `answered ${response.status}`);
      return `${status} ${(await response.text()).trim()}`;
    });
  }

  await check(kind, 'a foreign Origin is refused with 403 (poll, long-poll, publish), another port on this machine too; the server\'s own is served', async () => {
    const answers = [];
    for (const [method, pathName] of [['GET', '/poll?cursor=0'], ['GET', '/long-poll?cursor=0'], ['POST', '/publish']]) {
      const response = await fetch(httpUrl(ctx, pathName), { method, headers: { Origin: FOREIGN }, body: method === 'POST' ? createMessage(5, PAYLOAD) : undefined });
      assert(response.status === 403, `${method} ${pathName} answered ${response.status}`);
      answers.push(response.status);
    }
    const elsewhere = await fetch(httpUrl(ctx, '/poll?cursor=0'), { headers: { Origin: 'http://localhost:8080' } });
    assert(elsewhere.status === 403, `a page on another port of this machine got ${elsewhere.status}`);
    const own = await fetch(httpUrl(ctx, '/poll?cursor=0'), { headers: { Origin: new URL(ctx.http).origin } });
    assert(own.status === 200, `a page of the server's own origin got ${own.status}`);
    return `${answers.join(' ')}; another port ${elsewhere.status}; own origin ${own.status}`;
  });
}

// --------------------------------------------------------------------------------------------------------------
// @stomp/stompjs on /stomp

/**
 * A stompjs Client over `ws` (Node has no WebSocket of its own at 20), its TCP socket held to read its bytes.
 * Nothing is subscribed until `subscribe()`; every MESSAGE's body is kept with the frame.
 */
function openStomp(url, { origin, ...config } = {}) {
  const state = { messages: [], frames: [], connected: null, errors: [], closes: [], socket: null, subscription: null };
  const client = new StompClient({
    webSocketFactory: () => {
      const ws = new WebSocket(url, ['v12.stomp'], {
        perMessageDeflate: false,
        origin,
        createConnection: (opts) => { state.socket = net.connect(opts); return state.socket; },
      });
      ws.binaryType = 'arraybuffer';
      ws.on('unexpected-response', (req, res) => { state.refusedStatus = res.statusCode; res.resume(); });
      ws.on('error', () => {});
      return ws;
    },
    reconnectDelay: 0,
    debug: () => {},
    onConnect: (frame) => { state.connected = frame; },
    onStompError: (frame) => state.errors.push(frame),
    onWebSocketClose: (event) => state.closes.push(event),
    ...config,
  });
  client.activate();
  onCleanup(() => { void client.deactivate({ force: true }); });
  const subscribe = () => {
    state.subscription = client.subscribe('/topic/events', (message) => {
      state.messages.push(Buffer.from(message.binaryBody));
      state.frames.push({ headers: message.headers, bytesRead: state.socket.bytesRead });
    });
  };
  return { client, state, subscribe, connected: () => until(() => state.connected !== null, 'CONNECTED') };
}

async function stompChecks(ctx) {
  const kind = 'stomp';
  const url = wsUrl(ctx, '/stomp');
  let last;
  await check(kind, `@stomp/stompjs subscribes to /topic/events and receives ${EVENTS} events complete and in order`, async () => {
    const { state, subscribe, connected } = openStomp(url);
    await connected();
    const headers = state.connected.headers;
    assert(headers.version === '1.2', `CONNECTED version ${headers.version}`);
    assert(headers['heart-beat'] === '0,0', `CONNECTED heart-beat ${headers['heart-beat']} (the server's default is none)`);
    const after = Number(headers.cursor);
    subscribe();
    await until(() => state.messages.length >= EVENTS, `${EVENTS} MESSAGE frames`);
    const detail = await verifyStream(ctx.reference, after, state.messages, EVENTS);
    state.frames.slice(0, EVENTS).forEach(({ headers: h }, i) => {
      assert(h['message-id'] === String(after + 1 + i), `MESSAGE ${i + 1} has message-id ${h['message-id']}`);
      assert(h.subscription === state.subscription.id && h.destination === '/topic/events' && h['content-length'] === String(PAYLOAD),
        `MESSAGE ${i + 1} headers ${JSON.stringify(h)}`);
    });
    last = Number(state.frames[state.frames.length - 1].headers['message-id']);
    return `${detail}; CONNECTED cursor ${after}, message-id = sequence`;
  });

  {
    const { state, subscribe, connected } = openStomp(url);
    await checkWireBytes(ctx, kind, 'a MESSAGE frame (command, 4 headers, blank line, NUL) in an unmasked text frame', {
      ready: async () => { await connected(); subscribe(); },
      bytesRead: () => state.socket.bytesRead,
      lastSequence: () => (state.frames.length === 0 ? Number(state.connected.headers.cursor) : Number(state.frames[state.frames.length - 1].headers['message-id'])),
      perEvent: (sequence) => {
        const frame = Buffer.byteLength(`MESSAGE\nsubscription:${state.subscription.id}\nmessage-id:${sequence}\ndestination:/topic/events\ncontent-length:${PAYLOAD}\n\n`) + PAYLOAD + 1;
        return (frame < 126 ? 2 : 4) + frame;
      },
    });
  }

  await check(kind, 'resume with ?cursor= loses nothing', async () => {
    assert(last !== undefined, 'the first check left no cursor');
    await sleep(300);
    const { state, subscribe, connected } = openStomp(`${url}?cursor=${last}`);
    await connected();
    assert(state.connected.headers.cursor === String(last), `CONNECTED cursor ${state.connected.headers.cursor}`);
    subscribe();
    await until(() => state.messages.length >= EVENTS, `${EVENTS} MESSAGE frames`);
    return verifyStream(ctx.reference, last, state.messages, EVENTS);
  });

  await check(kind, 'SEND reaches the feed and comes back as an event; its receipt is answered', async () => {
    const { client, state, subscribe, connected } = openStomp(url);
    await connected();
    subscribe();
    const before = (await stats(ctx)).upstreamReceived;
    let receipted = false;
    client.watchForReceipt('send-1', () => { receipted = true; });
    client.publish({ destination: '/topic/events', binaryBody: createMessage(6, UPSTREAM_SIZE), headers: { receipt: 'send-1' } });
    await until(() => receipted, 'the RECEIPT');
    return upstreamEchoed(ctx, before, () => state.messages);
  });

  for (const [what, send, message, code] of [
    ['a SEND to an unknown destination gets ERROR, then close 1002', { destination: '/queue/nowhere', binaryBody: createMessage(7, PAYLOAD) }, 'unknown destination', 1002],
    ['a SEND body that is not an event message gets ERROR, then close 1007', { destination: '/topic/events', body: 'not an event message' }, 'not an event message', 1007],
    [`an oversized SEND (${ctx.maxUpstream + 1} B) gets ERROR, then close 1009`, { destination: '/topic/events', binaryBody: createMessage(8, ctx.maxUpstream + 1) }, `at most ${ctx.maxUpstream} bytes`, 1009],
  ]) {
    await check(kind, what, async () => {
      const { client, state, connected } = openStomp(url);
      await connected();
      client.publish(send);
      await until(() => state.errors.length > 0 && state.closes.length > 0, 'ERROR and the close');
      const reason = state.errors[0].headers.message;
      assert(reason.includes(message), `ERROR says '${reason}'`);
      assert(state.closes[0].code === code, `closed with ${state.closes[0].code}`);
      return `ERROR '${reason}', ${code}`;
    });
  }

  await check(kind, 'a malformed frame gets ERROR, then close 1002 (raw frames on a v12.stomp socket)', async () => {
    const client = openWs(url, { protocols: ['v12.stomp'] });
    await withTimeout(client.opened, WAIT_MS, 'open');
    assert(client.ws.protocol === 'v12.stomp', `negotiated '${client.ws.protocol}'`);
    client.ws.send('CONNECT\naccept-version:1.2\nhost:localhost\n\n\0');
    client.ws.send('HELLO WORLD\nno colon here\n\n\0');
    const closed = await closedWith(client, 'the server to close');
    const error = client.messages.map((m) => m.toString()).find((m) => m.startsWith('ERROR\n'));
    assert(error !== undefined, `no ERROR frame among ${client.messages.length} messages`);
    assert(closed.code === 1002, `closed with ${closed.code}`);
    return `${JSON.stringify(error.split('\n')[1])}, ${closed.code}`;
  });

  await check(kind, 'a foreign Origin is refused with 403; a handshake without v12.stomp with 400', async () => {
    const foreign = openStomp(url, { origin: FOREIGN });
    await until(() => foreign.state.refusedStatus !== undefined, 'the refusal');
    assert(foreign.state.refusedStatus === 403, `foreign origin answered ${foreign.state.refusedStatus}`);
    const plain = openWs(url);
    await withTimeout(plain.opened.then(() => { throw new Error('accepted without the subprotocol'); }, () => {}), WAIT_MS, 'refusal');
    assert(plain.ws.refusedStatus === 400, `no subprotocol answered ${plain.ws.refusedStatus}`);
    return '403; 400';
  });

  await check(kind, 'deactivate(): DISCONNECT, its RECEIPT, and the close handshake completes (1000, clean)', async () => {
    const { client, state, subscribe, connected } = openStomp(url, { onDisconnect: (frame) => { state.receipt = frame; } });
    await connected();
    subscribe();
    await until(() => state.messages.length >= 1, 'an event');
    await withTimeout(client.deactivate(), WAIT_MS, 'deactivate');
    await until(() => state.closes.length > 0, 'the close');
    assert(state.receipt?.command === 'RECEIPT', 'no RECEIPT for DISCONNECT');
    assert(state.closes[0].code === 1000 && state.closes[0].wasClean, `closed with ${state.closes[0].code}, clean ${state.closes[0].wasClean}`);
    assert(state.errors.length === 0, `ERROR ${state.errors[0]?.headers.message}`);
    return `RECEIPT ${state.receipt.headers['receipt-id']}; 1000, clean`;
  });
}

// --------------------------------------------------------------------------------------------------------------
// Main

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(here, 'node_modules'))) {
    report(false, 'setup', 'dependencies of tests/interop', `run: npm ci --prefix ${path.relative(process.cwd(), here) || '.'}`);
    process.stdout.write(`${summary()}\n`);
    process.exit(1);
  }

  let serve = null;
  let restoreFeed = null;
  const ctx = { maxUpstream: args.maxUpstream };
  try {
    if (args.benchDll) {
      serve = await startReady('dotnet', [args.benchDll, 'serve', '--rate', String(RATE), '--payload', String(PAYLOAD), '--max-upstream', String(args.maxUpstream), '--machine-readable'], {
        cwd: root,
        what: 'serve',
        ms: 60000,
      });
      ctx.control = serve.info.controlUrl;
    } else {
      ctx.control = args.control.endsWith('/') ? args.control : `${args.control}/`;
      restoreFeed = await httpJson('GET', `${ctx.control}control/feed`);
      await httpJson('POST', `${ctx.control}control/feed?rate=${RATE}&payload=${PAYLOAD}`);
    }
    const where = await httpJson('GET', `${ctx.control}control/info`);
    ctx.http = where.httpUrl;
    ctx.feed = where.tcpEndPoint;
    info('setup', `serve at ${ctx.http} (tcp floor ${ctx.feed}, control ${ctx.control}); feed ${RATE}/s of ${PAYLOAD} B`);
  } catch (error) {
    report(false, 'setup', 'reach serve', error.message);
    if (serve) await serve.stop(10000);
    process.stdout.write(`${summary()}\n`);
    process.exit(1);
  }

  await runSuites(ctx, ctx.feed, { ws: wsChecks, eventsource: eventSourceChecks, fetch: fetchChecks, stomp: stompChecks }, args.clients, async () => {
    if (restoreFeed) {
      await httpJson('POST', `${ctx.control}control/feed?rate=${restoreFeed.rateHz}&payload=${restoreFeed.payloadBytes}`).catch(() => {});
    }
    if (serve) await serve.stop(10000);
  });

  process.stdout.write(`${summary()}\n`);
  process.exit(results().failed === 0 ? 0 : 1);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
