// The peer chatd is compared with: Node's `ws`, as a chat server written in
// its documentation's style. Each URL path is a room; every text frame is
// sent as it came to every client on that path, the sender included (as
// chatd delivers a message to its sender too). Loopback only.
//
//   node server.js PORT        prints "listening on ws://127.0.0.1:PORT" when ready
'use strict';

const { WebSocketServer } = require('ws');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: node server.js PORT');
  process.exit(2);
}

const rooms = new Map(); // path -> Set of sockets

// perMessageDeflate is off by default in ws 8; chat_bench does not offer it
// either, so both servers send the same bytes.
const server = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 1 << 20 });

server.on('connection', (socket, request) => {
  const path = request.url.split('?')[0];
  let room = rooms.get(path);
  if (!room) {
    room = new Set();
    rooms.set(path, room);
  }
  room.add(socket);
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    for (const client of room) {
      if (client.readyState === client.OPEN) client.send(data, { binary: false });
    }
  });
  socket.on('close', () => {
    room.delete(socket);
    if (room.size === 0 && rooms.get(path) === room) rooms.delete(path);
  });
  socket.on('error', () => {});
});

server.on('listening', () => {
  console.log(`listening on ws://127.0.0.1:${server.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const client of server.clients) client.terminate();
    server.close(() => process.exit(0));
  });
}
