/** The typed Socket.IO server and socket, from the shared event map. */
import type { Server, Socket } from 'socket.io';
import type {
	ClientToServerEvents,
	InterServerEvents,
	ServerToClientEvents,
	SocketData
} from '../../src/lib/protocol/events.ts';

export type TableeIO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type TableeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
