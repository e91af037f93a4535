/**
 * Client capability negotiation, reduced to what this server acts on. The client's CapabilityList
 * (in a ClientCapability-Request, or in a CSP 1.3 Login-Request) is answered with the
 * AgreedCapabilityList:
 *
 * - MultiTrans 1: each server message carries one transaction (a poll answer holds one, and sets
 *   Poll T when more are waiting).
 * - ServerPollMin: the shortest polling interval the server wants.
 * - SupportedBearer HTTP: the only binding here (no CIR; clients poll).
 * - InitialDeliveryMethod (P/N) is taken as the session's delivery method.
 * - CSP 1.3 SessionPriority: the session's claim in its user's order of sessions (granted as asked;
 *   the caller settles clashes and sends SPA notifications).
 * - CSP 1.3 UserSessionLimit: the GEN-16 limit of this user, so a client can know it before it is hit.
 * - CSP 1.3 OfflineETEMHandling: echoed when it is one of the five values the change request
 *   defines; this example does not act on it (see README.md).
 */
import type { CspElement } from '../generated/index.js';
import type { CspVersion } from '../csp/envelope.js';
import { CspStatusError, Status } from '../csp/status.js';
import { el, int, textIn, value, type ValueName } from '../csp/tree.js';
import { readUint } from '../csp/values.js';
import type { Session } from '../sessions/session.js';

export const SERVER_POLL_MIN_SECONDS = 1;

const ETEM_HANDLING: readonly ValueName[] = ['SENDSTORE', 'SENDREJECT', 'REJECT', 'PRIORITYSTORE', 'PRIORITYREJECT'];

export function agreeCapabilities(
  session: Session,
  version: CspVersion,
  list: CspElement | undefined,
  sessionLimit: number,
): { agreed: CspElement; claimedPriority: number | undefined } {
  const method = list && textIn(list, 'InitialDeliveryMethod');
  if (method !== undefined) {
    if (method !== 'P' && method !== 'N') throw new CspStatusError(Status.BadParameter, '<InitialDeliveryMethod> must be P or N');
    session.deliveryMethod = method;
  }
  const claimedPriority = version === '1.3' && list ? readUint(list, 'SessionPriority') : undefined;
  const etem = version === '1.3' && list ? textIn(list, 'OfflineETEMHandling') : undefined;
  const agreedEtem = ETEM_HANDLING.find((v) => v === etem);
  const agreed = el(
    'AgreedCapabilityList',
    int('MultiTrans', 1),
    agreedEtem !== undefined && value('OfflineETEMHandling', agreedEtem),
    int('ServerPollMin', SERVER_POLL_MIN_SECONDS),
    value('SupportedBearer', 'HTTP'),
    version === '1.3' && int('SessionPriority', claimedPriority ?? session.sessionPriority),
    version === '1.3' && int('UserSessionLimit', sessionLimit),
  );
  return { agreed, claimedPriority };
}
