/**
 * What the change request's new tokens are for, shown on the wire: SessionPriority at login,
 * ClientIMPriority deciding which session gets a message first, SPA when the server adjusts a
 * session's priority; and that a message is neither lost nor delivered twice when sessions come and go.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { at, code, contents, CspClient, e, NS, type Started, startServer, text } from './support/client.js';

let s: Started;
let bob: CspClient;
beforeEach(async () => {
  s = await startServer({ sessionLimit: 10 });
  bob = new CspClient(s.url, 'wv:bob', 'http://bob.example/', '1.3');
  await bob.login();
});
afterEach(async () => {
  await s.close();
  expect(s.errors).toEqual([]);
});

const alice = (n: number, version: '1.2' | '1.3' = '1.3') => new CspClient(s.url, 'wv:alice', `http://alice-${n}.example/`, version);

/** UpdatePresence-Request publishing ClientInfo/ClientIMPriority (presence attribute, CSP 1.3). */
const imPriority = (n: number) =>
  e('UpdatePresence-Request', {
    name: 'PresenceSubList',
    attributes: { xmlns: NS['1.3'].pa },
    children: [e('ClientInfo', e('Qualifier', 'T'), e('ClientIMPriority', String(n)))],
  });

describe('ClientIMPriority decides which session gets a message first', () => {
  test('the session with the highest ClientIMPriority gets it, whatever the login order', async () => {
    const [a1, a2, a3] = [alice(1), alice(2), alice(3)];
    for (const a of [a1, a2, a3]) await a.login();
    expect(code(await a2.request(imPriority(7)))).toBe(200);
    expect(code(await a3.request(imPriority(3)))).toBe(200);
    await bob.send('wv:alice', 'hello');
    expect(contents(await a1.drain())).toEqual([]);
    expect(contents(await a3.drain())).toEqual([]);
    const got = await a2.drain();
    expect(contents(got)).toEqual(['hello']);
    expect(at(got[0]!, 'MessageInfo', 'Sender', 'User', 'UserID')).toBe('wv:bob');
  });

  test('when that session logs out before taking the message, the next one gets it (not lost, not twice)', async () => {
    const [a1, a2] = [alice(1), alice(2)];
    await a1.login();
    await a2.login();
    await a2.request(imPriority(5));
    await bob.send('wv:alice', 'first');
    // a2 polls and sees it, but logs out without MessageDelivered.
    const { transaction } = await a2.poll();
    expect(transaction?.primitive.name).toBe('NewMessage');
    await a2.logout();
    expect(contents(await a1.drain())).toEqual(['first']);
    expect(s.server.service.router.deliveredCount).toBe(1);
  });
});

describe('SessionPriority at login, and SPA when the server adjusts a priority', () => {
  test('a session claiming the priority another holds gets it; the other moves down and is told by SPA', async () => {
    const [a1, a2] = [alice(1), alice(2)];
    const first = await a1.login({ capabilities: [e('SessionPriority', '5')] });
    expect(at(first, 'AgreedCapabilityList', 'SessionPriority')).toBe('5');
    await bob.send('wv:alice', 'to the priority-5 session');
    expect(contents(await a1.drain())).toEqual(['to the priority-5 session']);

    const second = await a2.login({ capabilities: [e('SessionPriority', '5')] });
    expect(at(second, 'AgreedCapabilityList', 'SessionPriority')).toBe('5');
    // a1 hears of it at its next poll: Notification-Request, NotificationType SPA, its new priority.
    const { transaction } = await a1.poll();
    expect(transaction?.mode).toBe('Request');
    expect(transaction?.primitive.name).toBe('Notification-Request');
    expect(text(transaction!.primitive, 'NotificationType')).toBe('SPA');
    expect(text(transaction!.primitive, 'SessionPriority')).toBe('4');
    const ack = await a1.answer(transaction!, e('Status', e('Result', e('Code', '200'))));
    expect(ack.status).toBe(200);
    expect(ack.body.length).toBe(0);

    // Messages now go to a2 first.
    await bob.send('wv:alice', 'to the new priority-5 session');
    expect(contents(await a1.drain())).toEqual([]);
    expect(contents(await a2.drain())).toEqual(['to the new priority-5 session']);
  });

  test('ClientCapability-Request can claim a priority later; the SPA value token goes out as one token', async () => {
    const [a1, a2] = [alice(1), alice(2)];
    await a1.login({ capabilities: [e('SessionPriority', '2')] });
    await a2.login();
    const agreed = await a2.request(e('ClientCapability-Request', e('CapabilityList', e('SessionPriority', '2'))));
    expect(agreed.name).toBe('ClientCapability-Response');
    expect(at(agreed, 'AgreedCapabilityList', 'SessionPriority')).toBe('2');
    const { reply } = await a1.poll();
    // EXT_T_0 0x3B: the CR's SPA token, as assigned in spec/assignments.yaml.
    expect(Buffer.from(reply.body).includes(Buffer.from([0x80, 0x3b]))).toBe(true);
    expect(text(reply.transactions[0]!.primitive, 'SessionPriority')).toBe('1');
  });

  test('ClientIMPriority outranks SessionPriority for instant messages', async () => {
    const [a1, a2] = [alice(1), alice(2)];
    await a1.login({ capabilities: [e('SessionPriority', '9')] });
    await a2.login({ capabilities: [e('SessionPriority', '1')] });
    await a2.request(imPriority(1));
    await bob.send('wv:alice', 'im');
    expect(contents(await a2.drain())).toEqual(['im']);
  });
});

describe('delivery', () => {
  test('Poll T tells the client more is waiting; each message arrives once', async () => {
    const a1 = alice(1);
    await a1.login();
    for (const m of ['one', 'two', 'three']) expect(code(await bob.send('wv:alice', m))).toBe(200);
    const first = await a1.poll();
    expect(first.more).toBe(true);
    await a1.answer(
      first.transaction!,
      e('MessageDelivered', e('MessageID', at(first.transaction!.primitive, 'MessageInfo', 'MessageID')!)),
    );
    expect(contents(await a1.drain())).toEqual(['two', 'three']);
    expect(s.server.service.router.deliveredCount).toBe(3);
  });

  test('a NewMessage left unanswered is sent again after resendAfter (its poll answer may have been lost), and counted once', async () => {
    const a1 = alice(1);
    await a1.login();
    await bob.send('wv:alice', 'did you get this?');
    const lost = (await a1.poll()).transaction!;
    expect((await a1.poll()).transaction).toBeUndefined(); // not yet: 30 s by default
    s.clock.advance(31);
    const again = (await a1.poll()).transaction!;
    expect(again.primitive.name).toBe('NewMessage');
    expect(again.id).not.toBe(lost.id);
    const id = at(again.primitive, 'MessageInfo', 'MessageID')!;
    expect(id).toBe(at(lost.primitive, 'MessageInfo', 'MessageID'));
    // The client answers only the first sending (it saw it after all, and knows the MessageID): that counts.
    await a1.answer(lost, e('MessageDelivered', e('MessageID', id)));
    s.clock.advance(31);
    expect((await a1.poll()).transaction).toBeUndefined();
    expect(s.server.service.router.deliveredCount).toBe(1);
  });

  test('messages for a user with no live session wait for the next login', async () => {
    expect(code(await bob.send('wv:alice', 'while you were out'))).toBe(200);
    const a1 = alice(1);
    await a1.login();
    expect(contents(await a1.drain())).toEqual(['while you were out']);
  });

  test('Notify/Get: MessageNotification, GetMessage-Request, MessageDelivered', async () => {
    const a1 = alice(1);
    await a1.login();
    expect(code(await a1.request(e('SetDeliveryMethod-Request', e('DeliveryMethod', 'N'))))).toBe(200);
    await bob.send('wv:alice', 'fetch me');
    const { transaction } = await a1.poll();
    expect(transaction?.primitive.name).toBe('MessageNotification');
    const id = at(transaction!.primitive, 'MessageInfo', 'MessageID')!;
    expect(at(transaction!.primitive, 'MessageInfo', 'ContentSize')).toBe('8');
    await a1.answer(transaction!, e('Status', e('Result', e('Code', '200'))));
    const got = await a1.request(e('GetMessage-Request', e('MessageID', id)));
    expect(got.name).toBe('GetMessage-Response');
    expect(text(got, 'ContentData')).toBe('fetch me');
    expect(code(await a1.request(e('MessageDelivered', e('MessageID', id))))).toBe(200);
    expect(code(await a1.request(e('GetMessage-Request', e('MessageID', id))))).toBe(426);
    expect(s.server.service.router.deliveredCount).toBe(1);
  });

  test('a CSP 1.2 session and a 1.3 session of one user: each gets the message in its own version', async () => {
    const old = alice(1, '1.2');
    const modern = alice(2, '1.3');
    await old.login();
    await modern.login({ applicationId: 'im' });
    await bob.send('wv:alice', 'to the 1.2 phone');
    const got = await old.drain();
    expect(contents(got)).toEqual(['to the 1.2 phone']);
    await bob.send('wv:alice', 'to the 1.3 app', { applicationId: 'im' });
    expect(contents(await modern.drain())).toEqual(['to the 1.3 app']);
    // A 1.2 session sends to a 1.3 user too.
    expect(code(await old.send('wv:bob', 'from 1.2'))).toBe(200);
    expect(contents(await bob.drain())).toEqual(['from 1.2']);
  });

  test('recipients the server cannot serve get DetailedResults; the others still get the message', async () => {
    const a1 = alice(1);
    await a1.login();
    const answer = await bob.request(
      e(
        'SendMessage-Request',
        e('DeliveryReport', 'F'),
        e('MessageInfo', e('Recipient', e('User', e('UserID', 'wv:alice')), e('User', e('UserID', 'wv:nobody')))),
        e('ContentData', 'hi all'),
      ),
    );
    expect(code(answer)).toBe(201);
    expect(at(answer, 'Result', 'DetailedResult', 'Code')).toBe('531');
    expect(at(answer, 'Result', 'DetailedResult', 'UserID')).toBe('wv:nobody');
    expect(contents(await a1.drain())).toEqual(['hi all']);
  });

  test('a message for an application with no live session is refused with 533', async () => {
    await alice(1).login({ applicationId: 'im' });
    const answer = await bob.send('wv:alice', 'x', { applicationId: 'game' });
    expect(code(answer)).toBe(533);
  });
});
