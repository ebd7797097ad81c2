'use strict';
// The feed bridge: how a Node server receives the suite's events without changing them.
//
// It subscribes to the suite's tcp floor (contract/LengthPrefixedFrame.cs, servers/TcpServer.cs): every frame is
// a 4-byte big-endian length and that many bytes. The first frame we send subscribes (the cursor in ASCII digits,
// or empty for "from now"); the server's first frame is the cursor it starts after; every later server frame is
// one event message (contract/EventMessage.cs), which we keep and emit with its bytes untouched. Frames we send
// after the subscribe frame are upstream event messages, which the Kestrel server publishes into the one feed.
//
// Events go into a bounded history (a ring of at most `historyEvents` events and `historyBytes` bytes), so a Node
// client that reconnects with a cursor resumes without loss, as it would against Kestrel. A client whose cursor
// has fallen out of the history sees a gap, exactly as with Kestrel's own history. If the floor connection
// drops, the bridge reconnects and resubscribes from the last sequence it holds: nothing is lost while Kestrel
// still has it.
//
// The extra hop: for every event, hrtime.bigint() - publish timestamp. The publish timestamp is .NET's
// Stopwatch.GetTimestamp(), which on Linux is clock_gettime(CLOCK_MONOTONIC) in nanoseconds, the clock
// process.hrtime.bigint() reads too (libuv's uv_hrtime), so on one host the difference is the time from Kestrel's
// publish to the bridge's receipt (the extra hop a Node server pays that Kestrel's own transports do not).

const net = require('node:net');
const { EventEmitter } = require('node:events');

const HEADER_CHARS = 16;
const RAW_HEADER = 12;
const MAX_MESSAGE = 16 * 1024 * 1024; // EventMessage.MaxSize
const MAX_SUBSCRIBE_ACK = 32;
const BASE64URL_HEADER = /^[A-Za-z0-9_-]{16}$/;
const TWO_32 = 2 ** 32;

/**
 * Reads the 16-character header of an event message: { sequence32, timestamp (BigInt ns) }, or null when the
 * bytes are not an event message. Like EventMessage.TryRead: only the header is examined.
 * @param {Buffer} message
 */
function readHeader(message) {
  if (!Buffer.isBuffer(message) || message.length < HEADER_CHARS || message.length > MAX_MESSAGE) {
    return null;
  }
  const text = message.toString('latin1', 0, HEADER_CHARS);
  if (!BASE64URL_HEADER.test(text)) {
    return null;
  }
  const raw = Buffer.from(text, 'base64url');
  if (raw.length !== RAW_HEADER) {
    return null;
  }
  return { sequence32: raw.readUInt32BE(0), timestamp: raw.readBigInt64BE(4) };
}

/** Builds an event message like EventMessage.Create: header then 'x' padding (used by tests and clients). */
function createMessage(sequence, timestamp, size) {
  if (!Number.isInteger(size) || size < HEADER_CHARS || size > MAX_MESSAGE) {
    throw new RangeError(`An event message is ${HEADER_CHARS} to ${MAX_MESSAGE} bytes.`);
  }
  const raw = Buffer.alloc(RAW_HEADER);
  raw.writeUInt32BE(Number(BigInt(sequence) & 0xffffffffn), 0);
  raw.writeBigInt64BE(BigInt(timestamp), 4);
  const message = Buffer.alloc(size, 'x'.charCodeAt(0));
  message.write(raw.toString('base64url'), 0, 'latin1');
  return message;
}

/**
 * Latency samples in nanoseconds, kept exactly up to a capacity (like contract/LatencySamples.cs); samples past
 * it still count in count, sum and max. Quantiles are nearest-rank.
 */
class HopSamples {
  constructor(capacity = 1 << 22) {
    this.capacity = capacity;
    this.reset();
  }

  reset() {
    this.samples = new Float64Array(Math.min(this.capacity, 1 << 16));
    this.stored = 0;
    this.count = 0;
    this.sumNs = 0;
    this.maxNs = 0;
  }

  record(ns) {
    const value = ns < 0 ? 0 : ns;
    this.count++;
    this.sumNs += value;
    if (value > this.maxNs) {
      this.maxNs = value;
    }
    if (this.stored === this.samples.length && this.samples.length < this.capacity) {
      const larger = new Float64Array(Math.min(this.capacity, this.samples.length * 2));
      larger.set(this.samples);
      this.samples = larger;
    }
    if (this.stored < this.samples.length) {
      this.samples[this.stored++] = value;
    }
  }

  /** { count, meanMs, p50Ms, p90Ms, p99Ms, maxMs }; zeros when empty. */
  summary() {
    if (this.count === 0) {
      return { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
    }
    const sorted = this.samples.slice(0, this.stored).sort();
    const quantile = (q) => {
      if (sorted.length === 0) {
        return this.maxNs;
      }
      const rank = Math.max(1, Math.ceil(q * sorted.length));
      return sorted[Math.min(sorted.length, rank) - 1];
    };
    const ms = (ns) => ns / 1e6;
    return {
      count: this.count,
      meanMs: ms(this.sumNs / this.count),
      p50Ms: ms(quantile(0.5)),
      p90Ms: ms(quantile(0.9)),
      p99Ms: ms(quantile(0.99)),
      maxMs: ms(this.maxNs),
    };
  }
}

/**
 * Bounded history of events in sequence order: { sequence, message (Buffer), text (latin1 string) }.
 * Sequences increase but may jump (a gap the floor itself had).
 */
class EventHistory {
  constructor(maxEvents, maxBytes) {
    this.ring = new Array(Math.max(16, maxEvents));
    this.maxBytes = Math.max(MAX_MESSAGE, maxBytes);
    this.head = 0;
    this.count = 0;
    this.bytes = 0;
  }

  append(event) {
    while (this.count === this.ring.length || (this.count > 0 && this.bytes + event.message.length > this.maxBytes)) {
      this.bytes -= this.ring[this.head].message.length;
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % this.ring.length;
      this.count--;
    }
    this.ring[(this.head + this.count) % this.ring.length] = event;
    this.count++;
    this.bytes += event.message.length;
  }

  at(index) {
    return this.ring[(this.head + index) % this.ring.length];
  }

  /** Index of the first event with sequence > cursor (this.count when none). */
  indexAfter(cursor) {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.at(middle).sequence > cursor) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /** Up to `max` events with sequence > cursor, oldest first. */
  after(cursor, max = Infinity) {
    const events = [];
    for (let i = this.indexAfter(cursor); i < this.count && events.length < max; i++) {
      events.push(this.at(i));
    }
    return events;
  }

  get firstSequence() {
    return this.count > 0 ? this.at(0).sequence : null;
  }
}

/**
 * Events: 'ready' (cursor) once, on the first subscribe acknowledgement; 'event' ({sequence, message, text}) per
 * event; 'connected' (cursor) on every (re)subscription; 'disconnected' (reason) when the floor connection drops.
 */
class FeedBridge extends EventEmitter {
  /**
   * @param {{host: string, port: number, historyEvents?: number, historyBytes?: number, maxUpstream?: number,
   *          retryMs?: number, hopCapacity?: number}} options
   */
  constructor(options) {
    super();
    this.host = options.host;
    this.port = options.port;
    this.maxUpstream = options.maxUpstream ?? 1024 * 1024;
    this.retryMs = options.retryMs ?? 200;
    this.history = new EventHistory(options.historyEvents ?? 65536, options.historyBytes ?? 64 * 1024 * 1024);
    this.hop = new HopSamples(options.hopCapacity);
    /** The last sequence received (or acknowledged); null before the first subscription. */
    this.last = null;
    this.socket = null;
    this.subscribed = false;
    this.stopped = false;
    this.reconnects = 0;
    this.upstreamForwarded = 0;
    this.upstreamDropped = 0;
    this.framesRejected = 0;
    this._retryTimer = null;
  }

  start() {
    this._connect();
    return this;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this._retryTimer);
    if (this.socket) {
      this.socket.destroy();
      this.socket = null;
    }
  }

  /**
   * Forwards an upstream event message to the floor, which publishes it as a new event. The caller validates
   * (an invalid frame would make the floor close the bridge's connection). False when the floor is not
   * connected right now (the message is dropped and counted: upstream is not replayed).
   * @param {Buffer} message
   */
  publish(message) {
    if (!this.socket || !this.subscribed) {
      this.upstreamDropped++;
      return false;
    }
    const header = Buffer.allocUnsafe(4);
    header.writeUInt32BE(message.length, 0);
    this.socket.cork();
    this.socket.write(header);
    this.socket.write(message);
    this.socket.uncork();
    this.upstreamForwarded++;
    return true;
  }

  /** Events after `cursor` from the history, oldest first. */
  eventsAfter(cursor, max) {
    return this.history.after(cursor, max);
  }

  _connect() {
    if (this.stopped) {
      return;
    }
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    this.subscribed = false;
    let buffered = [];
    let bufferedLength = 0;
    let acknowledged = false;

    socket.on('connect', () => {
      const cursor = this.last === null ? Buffer.alloc(0) : Buffer.from(String(this.last), 'latin1');
      const header = Buffer.allocUnsafe(4);
      header.writeUInt32BE(cursor.length, 0);
      socket.write(Buffer.concat([header, cursor]));
    });

    socket.on('data', (chunk) => {
      buffered.push(chunk);
      bufferedLength += chunk.length;
      let data = buffered.length === 1 ? buffered[0] : Buffer.concat(buffered, bufferedLength);
      let offset = 0;
      while (data.length - offset >= 4) {
        const length = data.readUInt32BE(offset);
        const limit = acknowledged ? MAX_MESSAGE : MAX_SUBSCRIBE_ACK;
        if (length > limit) {
          socket.destroy(new Error(`the floor sent a frame of ${length} bytes (limit ${limit})`));
          return;
        }
        if (data.length - offset - 4 < length) {
          break;
        }
        // A copy: the history keeps events long after this chunk is gone, and must not pin whole chunks.
        const payload = Buffer.from(data.subarray(offset + 4, offset + 4 + length));
        offset += 4 + length;
        if (!acknowledged) {
          const text = payload.toString('latin1');
          if (!/^[0-9]{1,19}$/.test(text)) {
            socket.destroy(new Error(`the floor's subscribe acknowledgement '${text}' is not a cursor`));
            return;
          }
          acknowledged = true;
          this.subscribed = true;
          const cursor = Number(text);
          const first = this.last === null;
          if (first) {
            this.last = cursor;
          }
          this.emit('connected', cursor);
          if (first) {
            this.emit('ready', cursor);
          }
        } else {
          this._receive(payload);
        }
      }
      buffered = offset === data.length ? [] : [data.subarray(offset)];
      bufferedLength = data.length - offset;
    });

    socket.on('error', (error) => {
      this.lastError = error.message;
    });

    socket.on('close', () => {
      if (this.socket === socket) {
        this.socket = null;
        this.subscribed = false;
      }
      if (this.stopped) {
        return;
      }
      this.emit('disconnected', this.lastError ?? 'closed');
      this.reconnects++;
      this._retryTimer = setTimeout(() => this._connect(), this.retryMs);
    });
  }

  _receive(message) {
    const now = process.hrtime.bigint();
    const header = readHeader(message);
    if (header === null) {
      // The floor only publishes event messages; count anything else and skip it rather than crash.
      this.framesRejected++;
      return;
    }
    this.hop.record(Number(now - header.timestamp));
    // The header holds the sequence's low 32 bits: extend it from the last sequence (handles wrap and gaps).
    const last = this.last ?? 0;
    const delta = (header.sequence32 - (last % TWO_32) + TWO_32) % TWO_32;
    if (delta === 0) {
      return; // a duplicate of the last event (cannot happen with TcpServer, but never emit one twice)
    }
    const event = { sequence: last + delta, message, text: message.toString('latin1') };
    this.last = event.sequence;
    this.history.append(event);
    this.emit('event', event);
  }
}

module.exports = { FeedBridge, EventHistory, HopSamples, readHeader, createMessage, MAX_MESSAGE, HEADER_CHARS };
