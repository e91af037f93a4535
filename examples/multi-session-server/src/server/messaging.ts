/**
 * Instant messaging: SendMessage-Request in, and out again to the recipient's sessions as
 * NewMessage (Push) or MessageNotification + GetMessage (Notify/Get), each in the answer to a
 * Polling-Request. Which session gets a message first is the router's decision.
 */
import type { CspElement, CspNode } from '../generated/index.js';
import type { CspVersion } from '../csp/envelope.js';
import { CspStatusError, DEFAULT_DESCRIPTION, Status } from '../csp/status.js';
import { child, children, el, int, textIn, value } from '../csp/tree.js';
import { canonicalUserId, cspDateTime, readClientId, result } from '../csp/values.js';
import type { MessageTarget, StoredMessage } from '../messaging/message.js';
import { type MessageRouter, names } from '../messaging/router.js';
import type { Outgoing, Sent, Session } from '../sessions/session.js';
import type { ImpsService } from './service.js';
import { status } from './service.js';

interface Refusal {
  readonly code: number;
  readonly description: string;
  readonly recipient: CspElement;
}

export function sendMessage(service: ImpsService, session: Session, version: CspVersion, p: CspElement): CspElement {
  const info = child(p, 'MessageInfo');
  const recipient = info && child(info, 'Recipient');
  if (!info || !recipient) throw new CspStatusError(Status.BadParameter, 'SendMessage-Request needs <MessageInfo> with a <Recipient>');
  const users = children(recipient, 'User');
  const others = [...children(recipient, 'Group'), ...children(recipient, 'ContactList')];
  if (users.length === 0 && others.length === 0) throw new CspStatusError(Status.BadParameter, '<Recipient> names nobody');

  const content: readonly CspNode[] = child(p, 'ContentData')?.children ?? [];
  const id = service.nextMessageId();
  const refusals: Refusal[] = others.map((r) => ({
    code: Status.NotImplemented,
    description: `${r.name} recipients are not implemented here`,
    recipient: r,
  }));
  let accepted = 0;
  const seen = new Set<string>();
  for (const user of users) {
    const userText = textIn(user, 'UserID');
    if (!userText) {
      refusals.push({ code: Status.BadParameter, description: 'a recipient <User> needs a <UserID>', recipient: user });
      continue;
    }
    const recipientUserId = canonicalUserId(userText);
    // One copy per user, even if the Recipient names them twice.
    if (seen.has(recipientUserId)) continue;
    seen.add(recipientUserId);
    const target = version === '1.3' ? targetOf(user) : undefined;
    try {
      if (!service.sessions.hasAccount(recipientUserId)) throw new CspStatusError(Status.UnknownUser, `Unknown user ${recipientUserId}`);
      if (target && !service.sessions.liveSessions(recipientUserId).some((s) => names(target, s)))
        throw new CspStatusError(
          Status.RecipientNotLoggedIn,
          `${recipientUserId} has no live session with ${'applicationId' in target ? `ApplicationID ${target.applicationId}` : 'that ClientID'}`,
        );
      service.router.submit({
        id,
        senderUserId: session.userId,
        senderApplicationId: session.applicationId,
        recipientUserId,
        target,
        contentType: textIn(info, 'ContentType'),
        contentEncoding: textIn(info, 'ContentEncoding'),
        content,
        contentSize: content.reduce(
          (n, c) => n + (typeof c === 'string' ? Buffer.byteLength(c) : c instanceof Uint8Array ? c.length : 0),
          0,
        ),
        dateTime: cspDateTime(service.clock.now()),
      });
      accepted++;
    } catch (e) {
      if (!(e instanceof CspStatusError)) throw e;
      refusals.push({ code: e.code, description: e.description, recipient: user });
    }
  }
  const details = refusals.map((r) =>
    el('DetailedResult', el('Code', String(r.code)), el('Description', r.description), ...identify(r.recipient)),
  );
  if (refusals.length === 0) return el('SendMessage-Response', result(Status.Successful, DEFAULT_DESCRIPTION[200]), el('MessageID', id));
  if (accepted === 0 && refusals.length === 1) return el('SendMessage-Response', result(refusals[0]!.code, refusals[0]!.description));
  return el(
    'SendMessage-Response',
    result(
      accepted > 0 ? Status.PartiallySuccessful : refusals[0]!.code,
      accepted > 0 ? DEFAULT_DESCRIPTION[201] : 'No recipient accepted',
      ...details,
    ),
    accepted > 0 && el('MessageID', id),
  );
}

/** A DetailedResult names the recipient it is about by its UserID (or the group/list element). */
function identify(recipient: CspElement): CspElement[] {
  if (recipient.name !== 'User') return [];
  const id = child(recipient, 'UserID');
  return id ? [id] : [];
}

/** CSP 1.3: a Recipient `User` can name one of the user's sessions by ApplicationID or ClientID. */
function targetOf(user: CspElement): MessageTarget | undefined {
  const applicationId = textIn(user, 'ApplicationID');
  if (applicationId) return { applicationId };
  const client = readClientId(user);
  return client ? { clientKey: client.key } : undefined;
}

/** The primitive a waiting Outgoing goes out as, in the version of the polling request. */
export function outgoingPrimitive(session: Session, version: CspVersion, item: Outgoing): { as: Sent['as']; primitive: CspElement } {
  if (item.kind === 'session-priority-adjusted')
    return {
      as: 'Notification-Request',
      primitive: el('Notification-Request', value('NotificationType', 'SPA'), int('SessionPriority', item.sessionPriority)),
    };
  const m = item.message;
  if (session.deliveryMethod === 'N') return { as: 'MessageNotification', primitive: el('MessageNotification', messageInfo(m, version)) };
  return { as: 'NewMessage', primitive: el('NewMessage', messageInfo(m, version), contentData(m)) };
}

/** GetMessage-Request (Notify/Get): the message the client was told about. */
export function getMessage(session: Session, version: CspVersion, p: CspElement): CspElement {
  const id = textIn(p, 'MessageID');
  const message = id === undefined ? undefined : session.notified.get(id);
  if (!message) throw new CspStatusError(Status.InvalidMessageId, `no message ${id ?? '(no MessageID)'} waits for this session`);
  return el('GetMessage-Response', messageInfo(message, version), contentData(message));
}

/** MessageDelivered as a request (Notify/Get, after GetMessage): the message has arrived. */
export function deliveredAfterGet(router: MessageRouter, session: Session, p: CspElement): CspElement {
  const id = textIn(p, 'MessageID');
  const message = id === undefined ? undefined : session.notified.get(id);
  if (!message) throw new CspStatusError(Status.InvalidMessageId, `no message ${id ?? '(no MessageID)'} waits for this session`);
  session.notified.delete(message.id);
  router.delivered(message);
  return status(Status.Successful);
}

function messageInfo(m: StoredMessage, version: CspVersion): CspElement {
  const v13 = version === '1.3';
  const targetApp = m.target && 'applicationId' in m.target ? m.target.applicationId : undefined;
  return el(
    'MessageInfo',
    el('MessageID', m.id),
    m.contentType !== undefined && el('ContentType', m.contentType),
    m.contentEncoding !== undefined && el('ContentEncoding', m.contentEncoding),
    int('ContentSize', m.contentSize),
    el('Recipient', el('User', el('UserID', m.recipientUserId), v13 && targetApp !== undefined && el('ApplicationID', targetApp))),
    el(
      'Sender',
      el('User', el('UserID', m.senderUserId), v13 && m.senderApplicationId !== undefined && el('ApplicationID', m.senderApplicationId)),
    ),
    el('DateTime', m.dateTime),
  );
}

function contentData(m: StoredMessage): CspElement {
  return el('ContentData', ...m.content);
}
