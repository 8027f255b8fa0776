/** zod at the edge: parse or throw a BadUserInputError naming every bad field. */
import type { z } from 'zod';
import { BadUserInputError, type FieldProblem } from './errors.ts';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadUserInputError(zodProblems(result.error, root));
}

export function zodProblems(error: z.ZodError, root = ''): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].filter((p) => p !== '').join('.') || '(root)',
    message: issue.message,
  }));
}
