// One official library client, driven over stdin/stdout by the interop comparison (`interop-compare`, and
// tests/Transports.Tests/Interop/LibraryComparisonTests): @microsoft/signalr or socket.io-client, connected as an
// application would connect it, with the library's defaults except the transport asked for.
//
//   node tests/interop/official-client.mjs --library signalr|socketio --transport NAME --url URL
//
//   signalr:  --transport websockets|serversentevents|longpolling   --url http://HOST:PORT/signalr
//   socketio: --transport websocket|polling|auto                   --url http://HOST:PORT  (auto: polling, then upgrade)
//
// stdout, one line each:
//   READY {"transport":NAME}  once subscribed (the server's `cursor` invocation/event arrived) and, in socketio's
//                             auto, once the upgrade to websocket is done: the end of setup;
//   EVENT N                   after each `event` (N counts them).
// The connection stops (stop()/disconnect()) when stdin closes; the script then exits 0.
// Exit 1 with one `FAIL reason` line when the library fails; exit 2 with one line on stderr for bad arguments.
import * as signalR from '@microsoft/signalr';
import { io } from 'socket.io-client';

const usage = 'usage: official-client.mjs --library signalr|socketio --transport NAME --url URL';
const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  const name = process.argv[i];
  const value = process.argv[i + 1];
  if (!['--library', '--transport', '--url'].includes(name) || value === undefined) {
    console.error(`bad argument ${name}; ${usage}`);
    process.exit(2);
  }
  args[name.slice(2)] = value;
}

const signalRTransports = {
  websockets: signalR.HttpTransportType.WebSockets,
  serversentevents: signalR.HttpTransportType.ServerSentEvents,
  longpolling: signalR.HttpTransportType.LongPolling,
};
const socketIoTransports = { websocket: ['websocket'], polling: ['polling'], auto: undefined };
const known = args.library === 'signalr' ? signalRTransports : args.library === 'socketio' ? socketIoTransports : null;
if (!known || !(args.transport in known) || !args.url) {
  console.error(`bad or missing --library, --transport or --url; ${usage}`);
  process.exit(2);
}

let events = 0;
const onEvent = () => console.log(`EVENT ${++events}`);
const fail = (error) => {
  console.log(`FAIL ${error?.message ?? error}`);
  process.exit(1);
};

if (args.library === 'signalr') {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(args.url, { transport: signalRTransports[args.transport] })
    .configureLogging(signalR.LogLevel.None)
    .build();
  let subscribed = false;
  connection.on('cursor', () => {
    if (!subscribed) {
      subscribed = true;
      console.log(`READY ${JSON.stringify({ transport: args.transport })}`);
    }
  });
  connection.on('event', onEvent);
  connection.onclose((error) => error && fail(error));
  connection.start().catch(fail);
  onStdinEnd(async () => connection.stop());
} else {
  const socket = io(args.url, { transports: socketIoTransports[args.transport], reconnection: false });
  let subscribed = false;
  let upgraded = false;
  let ready = false;
  const maybeReady = () => {
    if (!ready && subscribed && (args.transport !== 'auto' || upgraded)) {
      ready = true;
      console.log(`READY ${JSON.stringify({ transport: upgraded ? 'websocket' : socket.io.engine.transport.name })}`);
    }
  };
  socket.on('cursor', () => {
    subscribed = true;
    maybeReady();
  });
  socket.on('event', onEvent);
  socket.on('connect_error', fail);
  socket.io.on('open', () => socket.io.engine.on('upgrade', () => {
    upgraded = true;
    maybeReady();
  }));
  onStdinEnd(async () => socket.disconnect());
}

function onStdinEnd(stop) {
  process.stdin.resume();
  process.stdin.on('end', async () => {
    try {
      await stop();
    } finally {
      process.exit(0);
    }
  });
}
