/**
 * CSP 1.2 login flows from an independent encoder: every request below is XML text encoded to WBXML
 * by libwbxml's `xml2wbxml` (which writes the public id as text and drops every xmlns), and every
 * answer is decoded by libwbxml's `wbxml2xml` as well as by the generated decoder.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decode, type CspElement } from '../src/generated/index.js';
import { at, code, CONTENT_TYPE, contents, CspClient, post, readReply, type Reply, type Started, startServer } from './support/client.js';
import { libwbxmlRequired, wbxml2xml, xml2wbxml } from './support/libwbxml.js';

let s: Started;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s?.close();
  expect(s?.errors ?? []).toEqual([]);
});

/** A CSP 1.2 message as XML text with the DOCTYPE libwbxml needs. */
function message12(sessionId: string | undefined, mode: 'Request' | 'Response', transactionId: string, primitive: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE WV-CSP-Message PUBLIC "-//OMA//DTD WV-CSP 1.2//EN" "http://www.openmobilealliance.org/DTD/WV-CSP.XML">
<WV-CSP-Message xmlns="http://www.openmobilealliance.org/DTD/WV-CSP1.2">
  <Session>
    <SessionDescriptor>
      <SessionType>${sessionId ? 'Inband' : 'Outband'}</SessionType>${sessionId ? `\n      <SessionID>${sessionId}</SessionID>` : ''}
    </SessionDescriptor>
    <Transaction>
      <TransactionDescriptor>
        <TransactionMode>${mode}</TransactionMode>
        <TransactionID>${transactionId}</TransactionID>
      </TransactionDescriptor>
      <TransactionContent xmlns="http://www.openmobilealliance.org/DTD/WV-TRC1.2">
        ${primitive}
      </TransactionContent>
    </Transaction>
  </Session>
</WV-CSP-Message>
`;
}

const loginXml = (user: string, clientUrl: string) =>
  `<Login-Request><UserID>${user}</UserID><ClientID><URL>${clientUrl}</URL></ClientID><Password>pw</Password><TimeToLive>300</TimeToLive></Login-Request>`;

interface Exchange {
  readonly reply: Reply;
  /** The answer as libwbxml reads it (empty for an empty body). */
  readonly libwbxmlXml: string;
}

/** Encodes with xml2wbxml, posts, and decodes the answer with both decoders. */
async function exchange(xml: string): Promise<Exchange> {
  const request = xml2wbxml(xml);
  // What libwbxml wrote: WBXML 1.3, public id 0 + "-//OMA//DTD WV-CSP 1.2//EN" in the string table, no xmlns.
  expect([request[0], request[1], request[2], request[3]]).toEqual([0x03, 0x00, 0x00, 0x6a]);
  const reply = await readReply(await post(s.url, request, CONTENT_TYPE.wbxml), 'wbxml');
  return { reply, libwbxmlXml: reply.body.length > 0 ? wbxml2xml(reply.body) : '' };
}

function first(r: Exchange): CspElement {
  const t = r.reply.transactions[0];
  if (!t) throw new Error('no transaction in the answer');
  return t.primitive;
}

describe.runIf(libwbxmlRequired)('CSP 1.2 clients encoded by libwbxml (xml2wbxml)', () => {
  test('login, keep-alive and logout; answers in the form libwbxml reads (text public id)', async () => {
    const login = await exchange(message12(undefined, 'Request', 'a1', loginXml('wv:alice', 'http://libwbxml-1.example/')));
    expect(code(first(login))).toBe(200);
    const sessionId = at(first(login), 'SessionID')!;
    expect(sessionId).toMatch(/^[\w-]{24}$/);
    // The answer mirrors the request's header: public id as text, so wbxml2xml reads it without -l.
    expect(decode(login.reply.body).publicId).toBe('-//OMA//DTD WV-CSP 1.2//EN');
    expect(login.libwbxmlXml).toContain('<Login-Response>');
    expect(login.libwbxmlXml).toContain(`<SessionID>${sessionId}</SessionID>`);
    expect(login.libwbxmlXml).toMatch(/<KeepAliveTime>300<\/KeepAliveTime>/);

    const keepAlive = await exchange(
      message12(sessionId, 'Request', 'a2', '<KeepAlive-Request><TimeToLive>600</TimeToLive></KeepAlive-Request>'),
    );
    expect(first(keepAlive).name).toBe('KeepAlive-Response');
    expect(keepAlive.libwbxmlXml).toMatch(/<KeepAliveTime>600<\/KeepAliveTime>/);

    const logout = await exchange(message12(sessionId, 'Request', 'a3', '<Logout-Request/>'));
    expect(code(first(logout))).toBe(200);
    expect(logout.libwbxmlXml).toMatch(/<Status>\s*<Result>\s*<Code>200<\/Code>/);
  });

  test('GEN-13 and GEN-14 with libwbxml clients: a second login from one ClientID is refused, from another accepted', async () => {
    const one = await exchange(message12(undefined, 'Request', 'b1', loginXml('wv:bob', 'http://libwbxml-2.example/')));
    expect(code(first(one))).toBe(200);
    const same = await exchange(message12(undefined, 'Request', 'b2', loginXml('wv:bob', 'http://libwbxml-2.example/')));
    expect(code(first(same))).toBe(603);
    expect(same.libwbxmlXml).toMatch(/<Code>603<\/Code>/);
    const other = await exchange(message12(undefined, 'Request', 'b3', loginXml('wv:bob', 'http://libwbxml-3.example/')));
    expect(code(first(other))).toBe(200);
  });

  test('messaging between a libwbxml 1.2 client and a 1.3 client: SendMessage, Polling-Request, NewMessage, MessageDelivered', async () => {
    const login = await exchange(message12(undefined, 'Request', 'c1', loginXml('wv:carol', 'http://libwbxml-4.example/')));
    const sessionId = at(first(login), 'SessionID')!;
    const modern = new CspClient(s.url, 'wv:alice', 'http://modern.example/', '1.3');
    await modern.login();

    const sent = await exchange(
      message12(
        sessionId,
        'Request',
        'c2',
        `<SendMessage-Request><DeliveryReport>F</DeliveryReport><MessageInfo><ContentType>text/plain</ContentType>
         <Recipient><User><UserID>wv:alice</UserID></User></Recipient></MessageInfo><ContentData>from libwbxml</ContentData></SendMessage-Request>`,
      ),
    );
    expect(code(first(sent))).toBe(200);
    expect(contents(await modern.drain())).toEqual(['from libwbxml']);

    await modern.send('wv:carol', 'back to libwbxml');
    const polled = await exchange(message12(sessionId, 'Request', 'c3', '<Polling-Request/>'));
    const newMessage = polled.reply.transactions[0]!;
    expect(newMessage.mode).toBe('Request');
    expect(newMessage.primitive.name).toBe('NewMessage');
    expect(polled.libwbxmlXml).toContain('<ContentData>back to libwbxml</ContentData>');
    const messageId = at(newMessage.primitive, 'MessageInfo', 'MessageID')!;
    const ack = await exchange(
      message12(sessionId, 'Response', newMessage.id, `<MessageDelivered><MessageID>${messageId}</MessageID></MessageDelivered>`),
    );
    expect(ack.reply.status).toBe(200);
    expect(ack.reply.body.length).toBe(0);
    const idle = await exchange(message12(sessionId, 'Request', 'c4', '<Polling-Request/>'));
    expect(idle.reply.body.length).toBe(0);
    expect(s.server.service.router.deliveredCount).toBeGreaterThanOrEqual(2);
  });
});
