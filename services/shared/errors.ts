/**
 * Expected failures are typed domain errors with a stable code. The GraphQL layer maps the code to
 * `extensions.code`; anything that is not a DomainError is masked.
 */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT';

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `input.percentComplete` or `tasks.3.milestones.0.dueAt`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required: send a valid bearer token') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('FORBIDDEN', message, details);
  }
}

export class BadUserInputError extends DomainError {
  constructor(readonly problems: FieldProblem[]) {
    super('BAD_USER_INPUT', describeProblems(problems), {
      field: problems[0]?.field,
      problems,
    });
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super('NOT_FOUND', `${entity} ${id} does not exist`, { entity, id });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CONFLICT', message, details);
  }
}

/** A write conditioned on `expectedVersion` found another version: someone else changed it first. */
export class StaleVersionError extends ConflictError {
  constructor(entity: string, id: string, expectedVersion: number, actualVersion?: number) {
    super(
      `${entity} ${id} has changed since version ${expectedVersion}` +
        (actualVersion === undefined ? '' : ` (now at version ${actualVersion})`) +
        ': reload it and try again',
      { entity, id, expectedVersion, actualVersion },
    );
  }
}

function describeProblems(problems: FieldProblem[]): string {
  const shown = problems.slice(0, 5).map((p) => `${p.field}: ${p.message}`);
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return `Invalid input — ${shown.join('; ')}${more}`;
}
