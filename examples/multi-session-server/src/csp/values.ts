/** Reading and writing the typed values inside primitives: integers, user ids, ClientIDs, date-times. */
import { isElement, textOf, type CspElement } from '../generated/index.js';
import { CspStatusError, Status } from './status.js';
import { child, el, textIn } from './tree.js';

/** An unsigned 32-bit integer element's value (`undefined` when absent); anything else is status 402. */
export function readUint(parent: CspElement, name: Parameters<typeof child>[1]): number | undefined {
  const text = textIn(parent, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffff_ffff)
    throw new CspStatusError(Status.BadParameter, `<${name}> must be an unsigned integer, not "${text}"`);
  return Number(text);
}

/**
 * A user id in its canonical form: CSP user ids are `wv:user@domain` URIs, compared without regard
 * to case; the `wv:` scheme is added when a client leaves it out.
 */
export function canonicalUserId(text: string): string {
  const t = text.trim().toLowerCase();
  return t.startsWith('wv:') ? t : `wv:${t}`;
}

/**
 * A client's identification. `ClientID` holds a URL and/or an MSISDN; `key` is their canonical
 * text, `element` the ClientID as the client sent it (echoed in Login-Response).
 */
export interface ClientIdentity {
  readonly key: string;
  readonly element: CspElement;
}

export function readClientId(parent: CspElement): ClientIdentity | undefined {
  const c = child(parent, 'ClientID');
  if (!c) return undefined;
  const url = textIn(c, 'URL');
  const msisdn = textIn(c, 'MSISDN');
  if (!url && !msisdn) {
    // CSP 1.1 clients sometimes send the ClientID as plain text.
    const plain = textOf(c).trim();
    if (plain && !c.children.some(isElement)) return { key: `text:${plain}`, element: c };
    throw new CspStatusError(Status.BadParameter, '<ClientID> needs a <URL> or an <MSISDN>');
  }
  return { key: [url && `url:${url}`, msisdn && `msisdn:${msisdn}`].filter(Boolean).join(' '), element: c };
}

/** A date-time in the compact form CSP uses (`20260101T120000Z`), which the codec sends as 6 OPAQUE bytes. */
export function cspDateTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** `<Result><Code>…</Code><Description>…</Description></Result>` */
export function result(code: number, description?: string, ...details: CspElement[]): CspElement {
  return el('Result', el('Code', String(code)), description !== undefined && el('Description', description), ...details);
}
