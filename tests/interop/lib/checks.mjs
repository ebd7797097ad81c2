// What the interop scripts share: PASS/FAIL reporting with bounded checks, small tools, the event message's
// layout (as contract/EventMessage.cs), processes that print a READY line, and the ground truth: a raw subscription
// to the tcp floor that records every event's bytes, against which each client's events are checked byte for byte.

import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';

/** The longest any single step may take (every await is bounded). */
export const WAIT_MS = 15000;

// --------------------------------------------------------------------------------------------------------------
// Reporting

let passed = 0;
let failed = 0;

/** The checks' tally so far. */
export function results() {
  return { passed, failed };
}

/** The last line every script prints: `N passed, N failed`. */
export function summary() {
  return `${passed} passed, ${failed} failed`;
}
export function report(ok, kind, what, detail) {
  if (ok) passed++; else failed++;
  process.stdout.write(`${ok ? 'PASS' : 'FAIL'} ${kind}: ${what}${detail ? ` (${detail})` : ''}\n`);
}
export function info(kind, text) {
  process.stdout.write(`INFO ${kind}: ${text}\n`);
}
/** Clients opened during the current check: closed when it ends, pass or fail, so checks stay independent. */
const cleanups = [];
export function onCleanup(close) {
  cleanups.push(close);
}

/** Runs one check: `body` returns a detail string (pass) or throws (fail, with the error's message). */
export async function check(kind, what, body) {
  const mine = cleanups.length;
  try {
    report(true, kind, what, await body());
  } catch (error) {
    report(false, kind, what, error && error.message ? error.message : String(error));
  } finally {
    for (const close of cleanups.splice(mine)) {
      try { close(); } catch { /* already closed */ }
    }
  }
}
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// --------------------------------------------------------------------------------------------------------------
// Small tools

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** Resolves when `predicate()` holds, polling on every `signal` notification and every 20 ms. */
export async function until(predicate, what, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** The event message's header: { sequence (low 32 bits), timestamp } or null (as EventMessage.TryRead). */
export function readHeader(bytes) {
  if (bytes.length < 16) return null;
  const text = bytes.toString('latin1', 0, 16);
  if (!/^[A-Za-z0-9_-]{16}$/.test(text)) return null;
  const raw = Buffer.from(text, 'base64url');
  return raw.length === 12 ? { sequence: raw.readUInt32BE(0), timestamp: raw.readBigInt64BE(4) } : null;
}

/** An event message as EventMessage.Create: base64url(uint32 BE sequence, int64 BE timestamp), then 'x'. */
export function createMessage(sequence, size) {
  const raw = Buffer.alloc(12);
  raw.writeUInt32BE(sequence >>> 0, 0);
  raw.writeBigInt64BE(process.hrtime.bigint(), 4);
  const message = Buffer.alloc(size, 'x');
  message.write(raw.toString('base64url'), 0, 'latin1');
  return message;
}

export function frame(payload) {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length, 0);
  return Buffer.concat([header, payload]);
}

export async function httpJson(method, url) {
  const response = await withTimeout(fetch(url, { method }), WAIT_MS, `${method} ${url}`);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return text.length > 0 ? JSON.parse(text) : null;
}

/**
 * A raw HTTP exchange on a connection of its own (so its socket's bytes can be read): resolves
 * { status, headers, socket, res, req, body } once the response head arrives; `body` is a promise of the whole
 * body unless `onData` takes the chunks as they come (a stream).
 */
export function request(url, { method = 'GET', headers = {}, body = null, onData = null } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      let whole = null;
      if (onData) {
        res.on('data', (chunk) => onData(chunk, req.socket));
      } else {
        whole = new Promise((resolveBody, rejectBody) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolveBody(Buffer.concat(chunks)));
          res.on('error', rejectBody);
        });
        whole.catch(() => {});
      }
      if (onData) onCleanup(() => req.destroy());
      resolve({ status: res.statusCode, headers: res.headers, socket: req.socket, res, req, body: whole });
    });
    req.on('error', reject);
    if (body !== null) req.end(body); else req.end();
  });
}

// --------------------------------------------------------------------------------------------------------------
// Processes

const children = new Set();

/** Starts a process that prints `READY {json}`; resolves { info, child, stop() }. */
export function startReady(command, args, { cwd, what, ms = WAIT_MS }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    const errors = [];
    let buffer = '';
    let ready = false;
    const timer = setTimeout(() => { child.kill(); reject(new Error(`${what}: no READY line within ${ms} ms (${errors.slice(-2).join(' | ')})`)); }, ms);
    child.stderr.on('data', (d) => { errors.push(...d.toString().split('\n').filter(Boolean)); if (errors.length > 50) errors.splice(0, errors.length - 50); });
    child.stdout.on('data', (d) => {
      if (ready) return;
      buffer += d.toString();
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('READY ')) {
          ready = true;
          clearTimeout(timer);
          const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
          resolve({
            info: JSON.parse(line.slice(6)),
            child,
            errors,
            exited,
            /** Closes stdin (the harness's way to stop it); resolves { code, signal, ms }, killing after ms. */
            async stop(stopMs = 5000) {
              const started = Date.now();
              child.stdin.end();
              const result = await Promise.race([exited, sleep(stopMs).then(() => null)]);
              if (result === null) {
                child.kill('SIGKILL');
                return { code: null, signal: 'SIGKILL', ms: Date.now() - started, killed: true };
              }
              children.delete(child);
              return { ...result, ms: Date.now() - started, killed: false };
            },
          });
          return;
        }
      }
    });
    child.on('exit', (code) => {
      if (!ready) { clearTimeout(timer); reject(new Error(`${what} exited (${code}) before READY: ${errors.slice(-2).join(' | ')}`)); }
    });
    child.on('error', (error) => { clearTimeout(timer); reject(new Error(`${what}: ${error.message}`)); });
  });
}

process.on('exit', () => {
  for (const child of children) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

// --------------------------------------------------------------------------------------------------------------
// The reference: a raw subscription to the tcp floor, recording every event's bytes by sequence

export class Reference {
  constructor(host, port) {
    this.events = new Map(); // low 32 bits of the sequence -> Buffer
    this.last = null;
    this.host = host;
    this.port = port;
    this.closing = false;
    this.reconnects = 0;
    this.connect();
  }

  /** Subscribes from now the first time, then (after a drop) from the last sequence seen: the record has no gap. */
  connect() {
    const socket = net.connect({ host: this.host, port: this.port });
    this.socket = socket;
    let pending = Buffer.alloc(0);
    let acknowledged = false;
    socket.on('connect', () => socket.write(frame(Buffer.from(this.last === null ? '' : String(this.last), 'latin1'))));
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
        const payload = Buffer.from(pending.subarray(4, 4 + pending.readUInt32BE(0)));
        pending = pending.subarray(4 + payload.length);
        if (!acknowledged) {
          acknowledged = true;
          this.last ??= Number(payload.toString('latin1'));
          continue;
        }
        const header = readHeader(payload);
        if (header) {
          this.events.set(header.sequence, payload);
          this.last = header.sequence;
        }
      }
    });
    socket.on('error', (error) => { this.error = error.message; });
    socket.on('close', () => {
      if (!this.closing) {
        this.reconnects++;
        setTimeout(() => this.connect(), 50);
      }
    });
  }

  ready() {
    return until(() => this.last !== null, 'the reference subscription to the tcp floor');
  }

  close() {
    this.closing = true;
    this.socket.destroy();
  }
}

/**
 * Checks a received stream: consecutive sequences from after+1, each exactly the floor's bytes. Returns a detail.
 * @param {Reference} reference @param {number} after @param {Buffer[]} messages @param {number} count
 */
export async function verifyStream(reference, after, messages, count) {
  assert(messages.length >= count, `${messages.length} of ${count} events arrived`);
  const taken = messages.slice(0, count);
  const sequences = taken.map((m) => readHeader(m)?.sequence);
  await until(() => reference.last >= Math.max(...sequences.filter((s) => s !== undefined)), 'the reference to catch up', 5000);
  for (let i = 0; i < taken.length; i++) {
    assert(sequences[i] !== undefined, `message ${i + 1} is not an event message: ${JSON.stringify(taken[i].toString('latin1').slice(0, 40))}`);
    assert(sequences[i] === after + 1 + i, `message ${i + 1} has sequence ${sequences[i]}, expected ${after + 1 + i} (lost or reordered)`);
    const expected = reference.events.get(sequences[i]);
    assert(expected !== undefined, `sequence ${sequences[i]} is not in the floor's record`);
    assert(expected.equals(taken[i]), `sequence ${sequences[i]}: bytes differ from the floor's (${taken[i].length} vs ${expected.length} B)`);
  }
  return `seq ${after + 1}..${after + count}, ${count} × ${taken[0].length} B, byte-exact`;
}

/** A `ws` client whose TCP socket we hold, to read its bytes; `options.protocols` are the subprotocols it offers. */
export function openWs(url, options = {}) {
  let socket = null;
  const { protocols = [], ...rest } = options;
  options = rest;
  const ws = new WebSocket(url, protocols, {
    perMessageDeflate: false,
    ...options,
    createConnection: (opts) => { socket = net.connect(opts); return socket; },
  });
  const messages = [];
  const frames = [];
  let pings = 0;
  ws.on('message', (data, isBinary) => { frames.push({ data, isBinary, bytesRead: socket.bytesRead }); messages.push(data); });
  ws.on('ping', () => pings++);
  const opened = new Promise((resolve, reject) => {
    ws.once('upgrade', (res) => { ws.upgradeHeaders = res.headers; });
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (req, res) => { ws.refusedStatus = res.statusCode; reject(new Error(`refused with ${res.statusCode}`)); res.resume(); });
    ws.once('error', reject);
  });
  const closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('error', () => {});
  onCleanup(() => ws.terminate());
  return { ws, messages, frames, opened, closed, socket: () => socket, pings: () => pings };
}

/**
 * A client's exact bytes for the events published at `rate` between two quiet edges: at each, the feed is paused and
 * the client has caught up, so no frame is in flight or half read (socket reads may join frames, so bytes counted at
 * single frames would not do). Resolves { bytes, events, first, last } (the sequences measured); the feed runs at
 * `rate` again afterwards. `client`: { bytesRead(), lastSequence() } (the last event received, or the cursor it
 * started after).
 */
export async function measureWire(control, client, { events, rate, payload }) {
  const edge = async () => {
    const paused = await httpJson('POST', `${control}control/pause`);
    await until(() => client.lastSequence() >= paused.lastSequence, 'the client to catch up with the paused feed');
    return paused.lastSequence;
  };
  try {
    const start = await edge();
    const before = client.bytesRead();
    await httpJson('POST', `${control}control/feed?rate=${rate}&payload=${payload}`);
    await until(() => client.lastSequence() >= start + events, `${events} events`);
    const last = await edge();
    return { bytes: client.bytesRead() - before, events: last - start, first: start + 1, last };
  } finally {
    await httpJson('POST', `${control}control/feed?rate=${rate}&payload=${payload}`);
  }
}

/**
 * Subscribes the tcp-floor reference at `feed` (HOST:PORT) as `ctx.reference`, runs each of `names` from `suites` in
 * turn (one that throws is reported as a failure and the rest still run), then closes the reference and calls
 * `restore` (put serve back as it was, or stop it).
 */
export async function runSuites(ctx, feed, suites, names, restore) {
  const colon = feed.lastIndexOf(':');
  ctx.reference = new Reference(feed.slice(0, colon), Number(feed.slice(colon + 1)));
  try {
    await ctx.reference.ready();
    for (const name of names) {
      try {
        await suites[name](ctx);
      } catch (error) {
        report(false, name, 'run', error.message);
      }
    }
  } catch (error) {
    report(false, 'setup', 'subscribe to the tcp floor', error.message);
  } finally {
    ctx.reference.close();
    await restore();
  }
}
