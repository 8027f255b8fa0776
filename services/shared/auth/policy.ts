/**
 * Authorization in one style: each context declares its rules as named policies in its `access.ts`,
 * and commands and resolvers call `authorize` (refuse) or `allows` (filter what a caller sees).
 */
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type { Actor } from './principal.ts';

export interface Policy<Subject> {
  /** What is being done, e.g. `reportProgress`: named in refusals and the role × operation test. */
  readonly action: string;
  allows(actor: Actor, subject: Subject): boolean;
  /** Why it is refused, for the caller. */
  refusal(actor: Actor, subject: Subject): string;
}

export function policy<Subject>(
  action: string,
  allows: (actor: Actor, subject: Subject) => boolean,
  refusal: string | ((actor: Actor, subject: Subject) => string),
): Policy<Subject> {
  return {
    action,
    allows,
    refusal: typeof refusal === 'string' ? () => refusal : refusal,
  };
}

export interface AuthorizeOptions {
  /** Refuse with this error instead of FORBIDDEN, e.g. NOT_FOUND when the subject's existence is not theirs to know. */
  hideAs?: () => Error;
}

/** Throws FORBIDDEN (UNAUTHENTICATED without an actor) unless the policy allows the actor. */
export function authorize<Subject>(
  actor: Actor | null | undefined,
  rule: Policy<Subject>,
  subject: Subject,
  options: AuthorizeOptions = {},
): asserts actor is Actor {
  if (!actor) throw new UnauthenticatedError();
  if (rule.allows(actor, subject)) return;
  throw options.hideAs?.() ?? new ForbiddenError(rule.refusal(actor, subject), { action: rule.action });
}
