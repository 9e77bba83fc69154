/**
 * Node has no WebSocket of its own before v22 (and v22's takes no headers): the lean
 * Socket.IO client (src/lib/client/lean-socket.ts) that tests and benches drive through
 * BoardConnection gets `ws`'s, as a browser has its own. A vitest setup file, and imported
 * first by the bench entry points that open BoardConnections.
 */
import { WebSocket } from 'ws';

globalThis.WebSocket = WebSocket as unknown as typeof globalThis.WebSocket;
