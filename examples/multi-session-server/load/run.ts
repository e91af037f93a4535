/**
 * Load run: many live sessions over few users exchanging messages through the real HTTP binding on
 * loopback, bounded in time and count.
 *
 *   npm run load -- [--users 100] [--sessions-per-user 10] [--seconds 30] [--max-messages 200000] [--workers 32]
 *
 * The server runs in its own process (dist/src/main.js, forked); this process plays every client
 * with CSP 1.3 WBXML from the generated codec. Each session logs in with its own ClientID and
 * ApplicationID and publishes a ClientIMPriority. Then `workers` loops take sessions in turn: send
 * one message to a random other user (one in four addressed to one of that user's applications),
 * then poll the session until nothing waits, acknowledging each NewMessage with MessageDelivered.
 * When time or count is up, every session is drained, and the run checks that each message was
 * delivered exactly once, to the session the rules pick (the named application, else the highest
 * ClientIMPriority, else the earliest login).
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decode, encode, isElement, textOf, type CspElement, type CspNode } from '../src/generated/index.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100' },
    'sessions-per-user': { type: 'string', default: '10' },
    seconds: { type: 'string', default: '30' },
    'max-messages': { type: 'string', default: '200000' },
    workers: { type: 'string', default: '32' },
  },
});
const USERS = Number(values.users);
const PER_USER = Number(values['sessions-per-user']);
const SECONDS = Number(values.seconds);
const MAX_MESSAGES = Number(values['max-messages']);
const WORKERS = Number(values.workers);

const CSP = 'http://www.openmobilealliance.org/DTD/IMPS-CSP1.3';
const TRC = 'http://www.openmobilealliance.org/DTD/IMPS-TRC1.3';
const PA = 'http://www.openmobilealliance.org/DTD/IMPS-PA1.3';

function e(name: string, ...children: (CspNode | undefined | false)[]): CspElement {
  return { name, attributes: {}, children: children.filter((c): c is CspNode => c !== undefined && c !== false) };
}
function kid(el: CspElement, name: string): CspElement | undefined {
  return el.children.find((c): c is CspElement => isElement(c) && c.name === name);
}
function at(el: CspElement, ...path: string[]): string | undefined {
  let cur: CspElement | undefined = el;
  for (const name of path) cur = cur && kid(cur, name);
  return cur && textOf(cur);
}

interface Sess {
  readonly user: number;
  readonly index: number;
  readonly applicationId: string;
  readonly imPriority: number;
  id: string;
  tx: number;
}

interface Sent {
  readonly expectedSession: Sess;
  received: number;
  wrongSession: number;
}

// ---- the server process ----
const mainJs = fileURLToPath(new URL('../src/main.js', import.meta.url));
const child = fork(mainJs, ['--port', '0', '--demo-users', String(USERS), '--session-limit', String(PER_USER)], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const port = await new Promise<number>((resolve, reject) => {
  child.once('message', (m) => resolve((m as { port: number }).port));
  child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
});
const askServer = <T>(what: string): Promise<T> =>
  new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(what);
  });

// ---- HTTP ----
const agent = new Agent({ keepAlive: true, maxSockets: WORKERS });
const latencies: number[] = [];
let requests = 0;

function post(body: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent,
        headers: { 'Content-Type': 'application/vnd.wv.csp.wbxml', 'Content-Length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          latencies.push(performance.now() - started);
          requests++;
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString()}`));
          else resolve(new Uint8Array(Buffer.concat(chunks)));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Answer {
  readonly mode: string;
  readonly id: string;
  readonly primitive: CspElement;
}

async function exchange(
  session: Sess | undefined,
  mode: 'Request' | 'Response',
  id: string,
  primitive: CspElement,
): Promise<Answer | undefined> {
  const doc: CspElement = {
    name: 'WV-CSP-Message',
    attributes: { xmlns: CSP },
    children: [
      e(
        'Session',
        e('SessionDescriptor', e('SessionType', session ? 'Inband' : 'Outband'), session && e('SessionID', session.id)),
        e('Transaction', e('TransactionDescriptor', e('TransactionMode', mode), e('TransactionID', id)), {
          name: 'TransactionContent',
          attributes: { xmlns: TRC },
          children: [primitive],
        }),
      ),
    ],
  };
  const body = await post(encode(doc, { version: '1.3' }));
  if (body.length === 0) return undefined;
  const t = kid(kid(decode(body).doc, 'Session')!, 'Transaction')!;
  const td = kid(t, 'TransactionDescriptor')!;
  return {
    mode: at(td, 'TransactionMode')!,
    id: at(td, 'TransactionID')!,
    primitive: kid(t, 'TransactionContent')!.children.find(isElement)!,
  };
}

const requestOf = (s: Sess, primitive: CspElement) => exchange(s, 'Request', String(++s.tx), primitive);

// ---- setup: every session logs in and publishes its ClientIMPriority ----
const sessions: Sess[] = [];
for (let u = 1; u <= USERS; u++)
  for (let i = 0; i < PER_USER; i++)
    sessions.push({ user: u, index: i, applicationId: `app-${i}`, imPriority: (u * 7 + i * 3) % 10, id: '', tx: 0 });
const byUser = (u: number) => sessions.filter((s) => s.user === u);
/** Where an untargeted message for user u must go: highest ClientIMPriority, then the earliest login. */
const firstChoice = new Map<number, Sess>();
for (let u = 1; u <= USERS; u++) firstChoice.set(u, [...byUser(u)].sort((a, b) => b.imPriority - a.imPriority || a.index - b.index)[0]!);

async function inParallel(items: readonly Sess[], f: (s: Sess) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < items.length) await f(items[next++]!);
    }),
  );
}

const setupStart = performance.now();
await inParallel(sessions, async (s) => {
  const login = await exchange(
    undefined,
    'Request',
    '1',
    e(
      'Login-Request',
      e('UserID', `wv:user${s.user}`),
      e('ClientID', e('URL', `http://load-${s.user}-${s.index}.example/`)),
      e('ApplicationID', s.applicationId),
      e('Password', 'password'),
      e('TimeToLive', '600'),
    ),
  );
  if (at(login!.primitive, 'Result', 'Code') !== '200') throw new Error(`login failed: ${at(login!.primitive, 'Result', 'Description')}`);
  s.id = at(login!.primitive, 'SessionID')!;
  const presence = {
    name: 'PresenceSubList',
    attributes: { xmlns: PA },
    children: [e('ClientInfo', e('Qualifier', 'T'), e('ClientIMPriority', String(s.imPriority)))],
  };
  await requestOf(s, e('UpdatePresence-Request', presence));
});
const setupSeconds = (performance.now() - setupStart) / 1000;
const cpuBefore = (await askServer<{ cpuMicros: number }>('stats')).cpuMicros;
latencies.length = 0;
requests = 0;

// ---- the run ----
const sent = new Map<string, Sent>(); // key: MessageID
/** NewMessages that arrived before their sender had the SendMessage-Response (another worker was faster). */
const early = new Map<string, Sess[]>();
let duplicates = 0;

function receivedBy(record: Sent, s: Sess): void {
  if (++record.received > 1) duplicates++;
  if (record.expectedSession !== s) record.wrongSession++;
}

async function sendOne(from: Sess, n: number): Promise<void> {
  let to = 1 + ((from.user + 1 + (n % (USERS - 1))) % USERS);
  if (to === from.user) to = (to % USERS) + 1;
  const targeted = n % 4 === 0 ? byUser(to)[n % PER_USER]! : undefined;
  const answer = await requestOf(
    from,
    e(
      'SendMessage-Request',
      e('DeliveryReport', 'F'),
      e(
        'MessageInfo',
        e('ContentType', 'text/plain'),
        e('Recipient', e('User', e('UserID', `wv:user${to}`), targeted && e('ApplicationID', targeted.applicationId))),
      ),
      e('ContentData', `load message ${n} from user${from.user}/${from.index}`),
    ),
  );
  if (at(answer!.primitive, 'Result', 'Code') !== '200') throw new Error(`send failed: ${at(answer!.primitive, 'Result', 'Description')}`);
  const id = at(answer!.primitive, 'MessageID')!;
  const record: Sent = { expectedSession: targeted ?? firstChoice.get(to)!, received: 0, wrongSession: 0 };
  sent.set(id, record);
  for (const s of early.get(id) ?? []) receivedBy(record, s);
  early.delete(id);
}

async function drain(s: Sess): Promise<void> {
  for (;;) {
    const t = await requestOf(s, e('Polling-Request'));
    if (!t) return;
    if (t.primitive.name !== 'NewMessage') throw new Error(`unexpected ${t.primitive.name}`);
    const id = at(t.primitive, 'MessageInfo', 'MessageID')!;
    const record = sent.get(id);
    if (record) receivedBy(record, s);
    else early.set(id, [...(early.get(id) ?? []), s]);
    await exchange(s, 'Response', t.id, e('MessageDelivered', e('MessageID', id)));
  }
}

const runStart = performance.now();
const deadline = runStart + SECONDS * 1000;
let messages = 0;
let turn = 0;
await Promise.all(
  Array.from({ length: WORKERS }, async () => {
    while (performance.now() < deadline && messages < MAX_MESSAGES) {
      const s = sessions[turn++ % sessions.length]!;
      await sendOne(s, messages++);
      await drain(s);
    }
  }),
);
const runSeconds = (performance.now() - runStart) / 1000;
const runRequests = requests;
const sorted = Float64Array.from(latencies).sort();
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

// ---- drain everything, then check ----
await inParallel(sessions, drain);
const stats = await askServer<{ maxRssBytes: number; heapUsedBytes: number; liveSessions: number; delivered: number; cpuMicros: number }>(
  'stats',
);
const cpuSeconds = (stats.cpuMicros - cpuBefore) / 1e6;
child.send('stop');
agent.destroy();

const unknown = early.size;
let lost = 0;
let misrouted = 0;
for (const r of sent.values()) {
  if (r.received === 0) lost++;
  if (r.wrongSession > 0) misrouted++;
}
const mib = (b: number) => (b / 1024 / 1024).toFixed(0);
console.log(`
Load run: ${USERS} users x ${PER_USER} sessions = ${sessions.length} live sessions (server saw ${stats.liveSessions}), ${WORKERS} client workers, CSP 1.3 WBXML over loopback HTTP
setup (logins + UpdatePresence): ${setupSeconds.toFixed(1)} s

| figure | value |
| --- | ---: |
| run time | ${runSeconds.toFixed(1)} s |
| messages sent | ${sent.size} |
| requests | ${runRequests} |
| requests/s | ${Math.round(runRequests / runSeconds)} |
| messages/s | ${Math.round(sent.size / runSeconds)} |
| latency p50 | ${pct(50).toFixed(2)} ms |
| latency p99 | ${pct(99).toFixed(2)} ms |
| server CPU (run + drain) | ${cpuSeconds.toFixed(1)} s, ${Math.round((cpuSeconds * 1e6) / requests)} µs per request |
| server peak RSS | ${mib(stats.maxRssBytes)} MiB |
| server heap after run | ${mib(stats.heapUsedBytes)} MiB |
| client peak RSS | ${mib(process.resourceUsage().maxRSS * 1024)} MiB |
| delivered (server count) | ${stats.delivered} |
| lost | ${lost} |
| delivered twice | ${duplicates} |
| to another session than the rules pick | ${misrouted} |
| unknown MessageIDs | ${unknown} |
`);
const ok = lost === 0 && duplicates === 0 && misrouted === 0 && unknown === 0 && stats.delivered === sent.size;
console.log(ok ? 'OK: every message delivered exactly once, to the session the rules pick.' : 'FAILED: see the table.');
process.exit(ok ? 0 : 1);
