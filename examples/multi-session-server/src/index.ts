/**
 * A small IMPS CSP 1.2/1.3 server over HTTP with several sessions per user (the multiple-sessions
 * change request, GEN-11..16), built on the codec and token types imps-tokengen generates into
 * src/generated/.
 */
export { createImpsServer, type ImpsHttpServer, type ServerOptions } from './server/http.js';
export { ImpsService, type ServiceOptions } from './server/service.js';
export { type Clock, ManualClock, systemClock } from './sessions/clock.js';
export type { Account, EndReason } from './sessions/session-table.js';
export { Status, type StatusCode } from './csp/status.js';
export { CONTENT_TYPES, type WireFormat } from './csp/wire.js';
