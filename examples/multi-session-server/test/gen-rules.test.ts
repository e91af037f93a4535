/**
 * The change request's session requirements, GEN-11..16, each through real HTTP on loopback with
 * CSP 1.3 WBXML written by the generated encoder (and one case each in XML text and in CSP 1.2).
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { at, code, contents, CspClient, e, type Started, startServer, text } from './support/client.js';

let s: Started;
beforeEach(async () => {
  s = await startServer({ sessionLimit: 4 });
});
afterEach(async () => {
  await s.close();
  expect(s.errors).toEqual([]);
});

const device = (user: string, n: number, version: '1.2' | '1.3' = '1.3', wire: 'wbxml' | 'xml' = 'wbxml') =>
  new CspClient(s.url, user, `http://device-${n}.example/imps`, version, wire);

describe('GEN-11: any number of sessions per user, up to the limit', () => {
  test('one user holds as many live sessions as the limit allows, each usable', async () => {
    const clients = [1, 2, 3, 4].map((n) => device('wv:alice', n));
    for (const c of clients) expect(code(await c.login())).toBe(200);
    expect(new Set(clients.map((c) => c.sessionId)).size).toBe(4);
    expect(s.server.service.sessions.liveSessions('wv:alice')).toHaveLength(4);
    for (const c of clients) expect(code(await c.keepAlive())).toBe(200);
  });
});

describe('GEN-12: each session of a user has its own identification', () => {
  test('sessions are told apart by ClientID, and by ApplicationID on a shared ClientID', async () => {
    const phone = device('wv:alice', 1);
    const game = device('wv:alice', 1); // same device, another application
    const laptop = device('wv:alice', 2);
    expect(code(await phone.login({ applicationId: 'com.example.im' }))).toBe(200);
    expect(code(await game.login({ applicationId: 'com.example.game' }))).toBe(200);
    expect(code(await laptop.login())).toBe(200);
    const ids = s.server.service.sessions.liveSessions('wv:alice').map((x) => x.identification);
    expect(new Set(ids).size).toBe(3);

    // The identification routes: a message for ApplicationID com.example.game reaches that session only.
    const bob = device('wv:bob', 9);
    await bob.login();
    expect(code(await bob.send('wv:alice', 'for the game', { applicationId: 'com.example.game' }))).toBe(200);
    expect(contents(await phone.drain())).toEqual([]);
    expect(contents(await laptop.drain())).toEqual([]);
    const got = await game.drain();
    expect(contents(got)).toEqual(['for the game']);
    expect(at(got[0]!, 'MessageInfo', 'Recipient', 'User', 'ApplicationID')).toBe('com.example.game');
  });
});

describe('GEN-13: a ClientID the user already has in a live session is refused', () => {
  test('the second login from the same ClientID gets 603 and the first session is untouched', async () => {
    const first = device('wv:alice', 1);
    expect(code(await first.login())).toBe(200);
    const again = device('wv:alice', 1);
    const refused = await again.login();
    expect(code(refused)).toBe(603);
    expect(at(refused, 'Result', 'Description')).toMatch(/GEN-13.*ClientID/);
    expect(text(refused, 'SessionID')).toBeUndefined();
    expect(code(await first.keepAlive())).toBe(200);
  });

  test('the same ClientID with the same ApplicationID is refused too, in XML text as in WBXML', async () => {
    expect(code(await device('wv:alice', 1, '1.3', 'xml').login({ applicationId: 'im' }))).toBe(200);
    expect(code(await device('wv:alice', 1, '1.3', 'xml').login({ applicationId: 'im' }))).toBe(603);
  });

  test('CSP 1.2 clients (no ApplicationID) are refused on the ClientID alone', async () => {
    expect(code(await device('wv:alice', 1, '1.2').login())).toBe(200);
    expect(code(await device('wv:alice', 1, '1.2').login())).toBe(603);
  });
});

describe('GEN-14: a unique ClientID is accepted', () => {
  test('a ClientID another user has, or one whose session ended, is unique for this user', async () => {
    expect(code(await device('wv:bob', 1).login())).toBe(200); // bob's, not alice's
    const alice = device('wv:alice', 1);
    expect(code(await alice.login())).toBe(200);
    expect(code(await alice.logout())).toBe(200);
    expect(code(await device('wv:alice', 1).login())).toBe(200); // the ended session does not count
  });
});

describe('GEN-15: a new login never ends the earlier sessions', () => {
  test('after more logins the first session still keeps alive, polls and gets its messages', async () => {
    const first = device('wv:alice', 1);
    await first.login();
    for (const n of [2, 3, 4]) expect(code(await device('wv:alice', n).login())).toBe(200);
    expect(code(await first.keepAlive())).toBe(200);
    const bob = device('wv:bob', 9);
    await bob.login();
    await bob.send('wv:alice', 'still there?');
    // The first login comes first among sessions of equal priority.
    expect(contents(await first.drain())).toEqual(['still there?']);
    // Nothing waits for the earlier session that looks like a Disconnect.
    expect((await first.poll()).transaction).toBeUndefined();
  });
});

describe('GEN-16: a configurable per-user limit, refused with a clear status', () => {
  test('the server default (4 here) refuses the fifth session with 903 naming the limit', async () => {
    for (const n of [1, 2, 3, 4]) expect(code(await device('wv:alice', n).login())).toBe(200);
    const fifth = await device('wv:alice', 5).login();
    expect(code(fifth)).toBe(903);
    expect(at(fifth, 'Result', 'Description')).toMatch(/GEN-16: wv:alice has 4 live sessions, the limit \(UserSessionLimit\) is 4/);
  });

  test("a user's own limit overrides the default, and the limit is announced as UserSessionLimit", async () => {
    const first = await device('wv:carol', 1).login({ capabilities: [e('SessionPriority', '1')] });
    expect(at(first, 'AgreedCapabilityList', 'UserSessionLimit')).toBe('2');
    expect(code(await device('wv:carol', 2).login())).toBe(200);
    expect(code(await device('wv:carol', 3).login())).toBe(903);
    // Another user is not affected by carol's limit.
    expect(code(await device('wv:bob', 3).login())).toBe(200);
  });

  test('a session that ends frees its place', async () => {
    const one = device('wv:carol', 1);
    await one.login();
    await device('wv:carol', 2).login();
    expect(code(await device('wv:carol', 3).login())).toBe(903);
    await one.logout();
    expect(code(await device('wv:carol', 3).login())).toBe(200);
  });
});
