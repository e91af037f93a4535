/**
 * The CSP status codes this server answers with (the `Code` of a `Result`).
 *
 * The numbers and meanings are the CSP specification's, as implemented by Android's IMPS client
 * (`ImpsErrorInfo.java`, written against CSP 1.2) and by interVillage's server. The multiple-sessions
 * change request names no status codes of its own; where it needs one, the choice is documented
 * here and in README.md ("Status codes").
 */
export const Status = {
  Successful: 200,
  PartiallySuccessful: 201,
  BadRequest: 400,
  BadParameter: 402,
  InvalidPassword: 409,
  InvalidMessageId: 426,
  NotImplemented: 501,
  VersionNotSupported: 505,
  MessageQueueFull: 507,
  UnknownUser: 531,
  RecipientNotLoggedIn: 533,
  SessionExpired: 600,
  ForcedLogout: 601,
  /**
   * GEN-13: a login whose ClientID (and ApplicationID) this user already has in a live session.
   * "Already logged in" is the CSP code for a client that is logged in already.
   */
  AlreadyLoggedIn: 603,
  InvalidSession: 604,
  NewValueNotAccepted: 605,
  /**
   * GEN-16: the user's concurrent-session limit is reached. CSP has no code named for it; 903
   * "Operation requires a higher class of service" says what is true (the user's service allows
   * this many sessions), is not mistaken by clients for a password error (403) or a temporary outage
   * they should retry (503), and the Description names the limit.
   */
  SessionLimitReached: 903,
} as const;

export type StatusCode = (typeof Status)[keyof typeof Status];

/** The description sent with a code when the handler has nothing more specific to say. */
export const DEFAULT_DESCRIPTION: Readonly<Record<StatusCode, string>> = {
  200: 'Successful',
  201: 'Partially successful',
  400: 'Bad request',
  402: 'Bad parameter',
  409: 'Invalid password',
  426: 'Invalid message ID',
  501: 'Not implemented',
  505: 'Version not supported',
  507: 'Message queue full',
  531: 'Unknown user',
  533: 'Message recipient not logged in',
  600: 'Session expired',
  601: 'Forced logout',
  603: 'Already logged in',
  604: 'Invalid session (not logged in)',
  605: 'New value not accepted',
  903: 'Operation requires a higher class of service',
};

/** A request the server refuses with a CSP status (answered as a `Status` or a primitive's `Result`). */
export class CspStatusError extends Error {
  constructor(
    readonly code: StatusCode,
    readonly description: string = DEFAULT_DESCRIPTION[code],
  ) {
    super(`${code} ${description}`);
    this.name = 'CspStatusError';
  }
}
