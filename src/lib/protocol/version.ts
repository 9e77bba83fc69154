/**
 * Bumped on any change a deployed client could not understand. The server refuses a
 * handshake from another version with `protocol_version`, so an old tab reloads instead
 * of sending commands the server would misread.
 */
export const PROTOCOL_VERSION = 3;
