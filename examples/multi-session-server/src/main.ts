/**
 * Runs the server:
 *
 *   node dist/src/main.js [--port 8080] [--host 127.0.0.1] [--users users.json | --demo-users 3]
 *                         [--session-limit 5] [--max-body 65536]
 *
 * users.json maps user ids to accounts: `{ "wv:alice": { "password": "…", "sessionLimit": 3 } }`.
 * `--demo-users N` makes user1 … userN with password `password` (for trying it out and the load run).
 * Started with an IPC channel (as the load run does), it reports its port and, when asked, its
 * memory and counters.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Account } from './sessions/session-table.js';
import { createImpsServer } from './server/http.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    users: { type: 'string' },
    'demo-users': { type: 'string' },
    'session-limit': { type: 'string', default: '5' },
    'max-body': { type: 'string', default: String(64 * 1024) },
  },
  strict: true,
});

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, not "${text}"`);
    process.exit(2);
  }
  return n;
}

let users: Record<string, Account>;
if (values.users !== undefined) users = JSON.parse(readFileSync(values.users, 'utf8')) as Record<string, Account>;
else {
  users = {};
  const n = positive('demo-users', values['demo-users'] ?? '3');
  for (let i = 1; i <= n; i++) users[`wv:user${i}`] = { password: 'password' };
}

const server = createImpsServer({
  users,
  sessionLimit: positive('session-limit', values['session-limit']),
  maxBodyBytes: positive('max-body', values['max-body']),
});
const address = await server.listen(positive('port', values.port), values.host);
// Sessions also end on lookup and at the next request after a second; this ends idle servers' too.
setInterval(() => server.service.sessions.sweep(), 1000).unref();

if (process.send) {
  process.send({ port: address.port });
  process.on('message', (m: unknown) => {
    if (m === 'stats')
      process.send!({
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        cpuMicros: process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime,
        heapUsedBytes: process.memoryUsage().heapUsed,
        liveSessions: server.service.sessions.size,
        delivered: server.service.router.deliveredCount,
      });
    if (m === 'stop') void server.close().then(() => process.exit(0));
  });
} else {
  console.log(`IMPS CSP 1.2/1.3 server on http://${address.address}:${address.port}/ (${Object.keys(users).length} users)`);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void server.close().then(() => process.exit(0)));
