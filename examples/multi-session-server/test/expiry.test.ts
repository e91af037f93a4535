/**
 * Sessions end by TimeToLive (moved forward on a ManualClock, never by sleeping), by Logout, or by
 * the operator; a client learns of it from a status or, when it polls, a Disconnect.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { at, code, contents, CspClient, e, type Started, startServer, text } from './support/client.js';

let s: Started;
beforeEach(async () => {
  s = await startServer({ timeToLive: { min: 30, max: 600, default: 120 } });
});
afterEach(async () => {
  await s.close();
  expect(s.errors).toEqual([]);
});

const alice = (n: number) => new CspClient(s.url, 'wv:alice', `http://alice-${n}.example/`);

test('the agreed TimeToLive is the asked one within the bounds, returned as KeepAliveTime', async () => {
  expect(text(await alice(1).login({ timeToLive: 5 }), 'KeepAliveTime')).toBe('30');
  expect(text(await alice(2).login({ timeToLive: 90 }), 'KeepAliveTime')).toBe('90');
  expect(text(await alice(3).login({ timeToLive: 99_999 }), 'KeepAliveTime')).toBe('600');
  expect(text(await alice(4).login(), 'KeepAliveTime')).toBe('120');
});

test('a session with no request within its TimeToLive expires: 600, and a polling client gets a Disconnect', async () => {
  const a = alice(1);
  await a.login({ timeToLive: 60 });
  s.clock.advance(59);
  expect(code(await a.keepAlive())).toBe(200); // in time: the clock starts again
  s.clock.advance(60);
  expect(code(await a.keepAlive())).toBe(200);
  s.clock.advance(61);
  const { transaction } = await a.poll();
  expect(transaction?.mode).toBe('Request');
  expect(transaction?.primitive.name).toBe('Disconnect');
  expect(code(transaction!.primitive)).toBe(600);
  // Its Status answer is taken without complaint (empty body), and the session stays gone.
  expect((await a.answer(transaction!, e('Status', e('Result', e('Code', '200'))))).body.length).toBe(0);
  expect(code(await a.keepAlive())).toBe(600);
});

test('KeepAlive-Request can change the TimeToLive', async () => {
  const a = alice(1);
  await a.login({ timeToLive: 60 });
  expect(text(await a.keepAlive(300), 'KeepAliveTime')).toBe('300');
  s.clock.advance(299);
  expect(code(await a.keepAlive())).toBe(200);
});

test('an expired session frees its ClientID and its place under the limit (GEN-13, GEN-16)', async () => {
  const clients = [1, 2, 3, 4, 5].map(alice);
  for (const c of clients) await c.login({ timeToLive: 30 });
  expect(code(await alice(6).login())).toBe(903);
  s.clock.advance(31);
  expect(code(await alice(1).login())).toBe(200);
  expect(s.server.service.sessions.liveSessions('wv:alice')).toHaveLength(1);
});

test("an expired session's undelivered messages move to the user's other session", async () => {
  const bob = new CspClient(s.url, 'wv:bob', 'http://bob.example/');
  await bob.login({ timeToLive: 600 });
  const short = alice(1);
  const long = alice(2);
  await short.login({ timeToLive: 30 });
  await long.login({ timeToLive: 600 });
  await bob.send('wv:alice', 'who gets this?');
  s.clock.advance(31);
  expect(contents(await long.drain())).toEqual(['who gets this?']);
  expect(s.server.service.router.deliveredCount).toBe(1);
});

test('expiry is noticed without a request from the expired session (the periodic sweep)', async () => {
  const a = alice(1);
  await a.login({ timeToLive: 30 });
  s.clock.advance(31);
  // Any request to the server sweeps (at most once a second).
  await alice(2).login();
  expect(s.server.service.sessions.liveSessions('wv:alice').map((x) => x.client.key)).toEqual(['url:http://alice-2.example/']);
});

test('the operator disconnects a session: Disconnect 601 at its next poll, other sessions untouched', async () => {
  const [a1, a2] = [alice(1), alice(2)];
  await a1.login();
  await a2.login();
  expect(s.server.service.sessions.disconnect(a1.sessionId!)).toBe(true);
  const { transaction } = await a1.poll();
  expect(transaction?.primitive.name).toBe('Disconnect');
  expect(at(transaction!.primitive, 'Result', 'Code')).toBe('601');
  expect(code(await a2.keepAlive())).toBe(200);
});

test('after Logout the SessionID is invalid (604)', async () => {
  const a = alice(1);
  await a.login();
  expect(code(await a.logout())).toBe(200);
  expect(code(await a.keepAlive())).toBe(604);
});
