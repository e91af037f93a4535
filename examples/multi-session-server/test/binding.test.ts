/**
 * The HTTP binding's edges: formats, content types, methods, sizes, broken bodies and unknown
 * sessions each get a CSP error or an HTTP 4xx, and the server keeps serving afterwards.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeMessage } from '../src/csp/wire.js';
import { type CspElement, encode } from '../src/generated/index.js';
import { at, code, CONTENT_TYPE, CspClient, e, post, readReply, type Started, startServer } from './support/client.js';

let s: Started;
beforeAll(async () => {
  s = await startServer({ maxBodyBytes: 4096, sessionLimit: 100 });
});
afterAll(async () => {
  await s.close();
  expect(s.errors).toEqual([]);
});

/** After each abuse: a fresh client still logs in and gets an answer. */
async function stillServing(): Promise<void> {
  const c = new CspClient(s.url, 'wv:bob', `http://probe-${Math.random()}.example/`);
  expect(code(await c.login())).toBe(200);
  expect(code(await c.logout())).toBe(200);
}

describe('formats', () => {
  test('XML text in, XML text out (application/vnd.wv.csp.xml), CSP 1.3 and 1.2', async () => {
    for (const version of ['1.3', '1.2'] as const) {
      const c = new CspClient(s.url, 'wv:alice', `http://xml-${version}.example/`, version, 'xml');
      const res = await post(
        s.url,
        c.encodeMessage(c.envelope([{ mode: 'Request', id: 'x1', primitive: loginRequest(`http://xml-${version}.example/`) }])),
        CONTENT_TYPE.xml,
      );
      expect(res.headers.get('content-type')).toBe(CONTENT_TYPE.xml);
      const reply = await readReply(res, 'xml');
      expect(reply.doc?.attributes['xmlns']).toBe(
        version === '1.3' ? 'http://www.openmobilealliance.org/DTD/IMPS-CSP1.3' : 'http://www.openmobilealliance.org/DTD/WV-CSP1.2',
      );
      expect(reply.transactions[0]?.id).toBe('x1');
      expect(code(reply.transactions[0]!.primitive)).toBe(200);
    }
  });

  test('WBXML answers carry the version of the request: public id 0x12 for 1.3, 0x11 for 1.2', async () => {
    for (const [version, id] of [
      ['1.3', 0x12],
      ['1.2', 0x11],
    ] as const) {
      const c = new CspClient(s.url, 'wv:alice', `http://wbxml-${version}.example/`, version);
      const res = await post(
        s.url,
        c.encodeMessage(c.envelope([{ mode: 'Request', id: '1', primitive: loginRequest(`http://wbxml-${version}.example/`) }])),
        CONTENT_TYPE.wbxml,
      );
      const body = new Uint8Array(await res.arrayBuffer());
      expect([body[0], body[1], body[2]]).toEqual([0x03, id, 0x6a]);
    }
  });

  test('content-type parameters are ignored', async () => {
    const c = new CspClient(s.url, 'wv:alice', 'http://params.example/', '1.3', 'xml');
    const res = await post(
      s.url,
      c.encodeMessage(c.envelope([{ mode: 'Request', id: '1', primitive: loginRequest('http://params.example/') }])),
      `${CONTENT_TYPE.xml}; charset=UTF-8`,
    );
    expect(res.status).toBe(200);
  });
});

describe('what is not a CSP message gets an HTTP 4xx or a CSP error, and the server carries on', () => {
  test.each([
    { what: 'a wrong content type', send: () => post(s.url, '<x/>', 'text/xml'), status: 415 },
    { what: 'a GET', send: () => fetch(s.url), status: 405 },
    { what: 'truncated WBXML', send: () => post(s.url, new Uint8Array([0x03, 0x12, 0x6a, 0x00, 0x49]), CONTENT_TYPE.wbxml), status: 400 },
    {
      what: 'random bytes',
      send: () =>
        post(
          s.url,
          new Uint8Array(64).map((_, i) => (i * 37) & 0xff),
          CONTENT_TYPE.wbxml,
        ),
      status: 400,
    },
    { what: 'XML that is not well-formed', send: () => post(s.url, '<WV-CSP-Message><Session>', CONTENT_TYPE.xml), status: 400 },
    {
      what: 'an XML body that is not UTF-8',
      send: () => post(s.url, new Uint8Array([0x3c, 0xff, 0xfe, 0x3e]), CONTENT_TYPE.xml),
      status: 400,
    },
    {
      what: 'a CSP 1.1 message (not served)',
      send: () => post(s.url, '<WV-CSP-Message xmlns="http://www.wireless-village.org/CSP1.1"/>', CONTENT_TYPE.xml),
      status: 400,
    },
    { what: 'an empty body', send: () => post(s.url, new Uint8Array(), CONTENT_TYPE.wbxml), status: 400 },
  ])('$what → HTTP $status', async ({ send, status }) => {
    const res = await send();
    expect(res.status).toBe(status);
    if (status === 400) expect(await res.text()).toMatch(/^malformed (WBXML|XML)|not served/);
    await stillServing();
  });

  test('an oversized body is refused with 413 (declared length, and streamed without one)', async () => {
    const big = new Uint8Array(5000).fill(0x41);
    expect((await post(s.url, big, CONTENT_TYPE.wbxml)).status).toBe(413);
    // Streamed (chunked): the server stops reading at the limit.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(1000).fill(0x41));
        controller.close();
      },
    });
    const res = await fetch(s.url, {
      method: 'POST',
      body: stream,
      headers: { 'Content-Type': CONTENT_TYPE.wbxml },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    await stillServing();
  });

  test('a well-formed message that is not a CSP envelope gets CSP Status 400', async () => {
    const res = await post(
      s.url,
      encode({ name: 'WV-CSP-Message', attributes: { xmlns: 'http://www.openmobilealliance.org/DTD/IMPS-CSP1.3' }, children: [] }),
      CONTENT_TYPE.wbxml,
    );
    const reply = await readReply(res, 'wbxml');
    expect(reply.status).toBe(200);
    expect(reply.transactions[0]?.primitive.name).toBe('Status');
    expect(code(reply.transactions[0]!.primitive)).toBe(400);
    expect(at(reply.transactions[0]!.primitive, 'Result', 'Description')).toMatch(/no <Session>/);
    await stillServing();
  });

  test('an unknown SessionID gets 604; a primitive that needs a session sent Outband gets 604 too', async () => {
    const stranger = new CspClient(s.url, 'wv:alice', 'http://stranger.example/');
    stranger.sessionId = 'no-such-session';
    expect(code(await stranger.keepAlive())).toBe(604);
    const { transaction } = await stranger.poll();
    expect(code(transaction!.primitive)).toBe(604);
    const outband = new CspClient(s.url, 'wv:alice', 'http://outband.example/');
    const answer = await outband.request(e('KeepAlive-Request'));
    expect(code(answer)).toBe(604);
    expect(at(answer, 'Result', 'Description')).toMatch(/needs a session/);
    await stillServing();
  });

  test('login failures: unknown user 531, wrong password 409, missing ClientID 402', async () => {
    expect(code(await new CspClient(s.url, 'wv:mallory', 'http://m.example/').login())).toBe(531);
    expect(code(await new CspClient(s.url, 'wv:alice', 'http://a.example/').login({ password: 'guess' }))).toBe(409);
    const c = new CspClient(s.url, 'wv:alice', 'http://a.example/');
    expect(code(await c.request(e('Login-Request', e('UserID', 'wv:alice'), e('Password', 'pw'))))).toBe(402);
    // Refused for a bad capability after the checks passed: no session is left behind holding the ClientID.
    const d = new CspClient(s.url, 'wv:alice', 'http://caps.example/');
    expect(code(await d.login({ capabilities: [e('InitialDeliveryMethod', 'X')] }))).toBe(402);
    expect(code(await d.login({ capabilities: [e('InitialDeliveryMethod', 'N')] }))).toBe(200);
    await d.logout();
    await stillServing();
  });

  test('a bad integer is a CSP 402, not a crash', async () => {
    const c = new CspClient(s.url, 'wv:alice', 'http://int.example/', '1.3', 'xml');
    await c.login();
    const answer = await c.request(e('KeepAlive-Request', e('TimeToLive', 'soon')));
    expect(code(answer)).toBe(402);
    expect(answer.name).toBe('Status');
    expect(at(answer, 'Result', 'Description')).toBe('<TimeToLive> must be an unsigned integer, not "soon"');
    await c.logout();
  });

  test('an unimplemented primitive gets 501', async () => {
    const c = new CspClient(s.url, 'wv:alice', 'http://501.example/');
    await c.login();
    expect(code(await c.request(e('GetList-Request')))).toBe(501);
    await c.logout();
  });
});

function loginRequest(url: string) {
  return e('Login-Request', e('UserID', 'wv:alice'), e('ClientID', e('URL', url)), e('Password', 'pw'));
}

describe('an answer never carries an element the client version lacks', () => {
  // A 1.3-only element (SessionPriority) in an answer to a 1.2 client is a bug in a handler: it
  // must fail loudly, not go out as a LITERAL tag (WBXML) or an unknown element (XML text).
  const answer: CspElement = {
    name: 'WV-CSP-Message',
    attributes: { xmlns: 'http://www.openmobilealliance.org/DTD/WV-CSP1.2' },
    children: [e('Session', e('SessionPriority', '5'))],
  };
  test('WBXML: the encoder refuses it (unknownElements: error), naming the element', () => {
    expect(() => writeMessage({ format: 'wbxml', version: '1.2', textPublicId: false }, answer)).toThrow(
      expect.objectContaining({ name: 'WbxmlError', code: 'unknown-tag', message: expect.stringContaining('SessionPriority') }),
    );
  });
  test('XML text: the same check against the version tables', () => {
    expect(() => writeMessage({ format: 'xml', version: '1.2', textPublicId: false }, answer)).toThrow(
      'bug: <SessionPriority> is not a CSP 1.2 element',
    );
  });
  test('the same tree is fine for a 1.3 client', () => {
    const v13 = { ...answer, attributes: { xmlns: 'http://www.openmobilealliance.org/DTD/WV-CSP1.3' } };
    expect(writeMessage({ format: 'wbxml', version: '1.3', textPublicId: false }, v13).length).toBeGreaterThan(0);
  });
});
