/**
 * Refuses, before anything executes, a request whose String, ID or JSON argument value — literal or
 * variable, at any depth of an input object or list — is longer than the maximum its schema field
 * declares (`extensions.maxLength`, see `string-limits.ts`): BAD_USER_INPUT naming every such field by
 * its path (`input.indicatorValues.0.indicatorId`), and never quoting the value.
 */
import {
  type DocumentNode,
  type ExecutionArgs,
  GraphQLError,
  type GraphQLInputType,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isInputObjectType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { BadUserInputError, type FieldProblem } from '../services/shared/errors.ts';

function lengthOf(value: unknown, scalar: string): number {
  if (scalar === 'JSON') return JSON.stringify(value)?.length ?? 0;
  return typeof value === 'string' ? value.length : 0;
}

function checkValue(
  value: unknown,
  type: GraphQLInputType,
  maxLength: unknown,
  path: string,
  problems: FieldProblem[],
): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [i, item] of items.entries())
      checkValue(item, nullable.ofType, maxLength, `${path}.${i}`, problems);
  } else if (isInputObjectType(nullable)) {
    for (const field of Object.values(nullable.getFields())) {
      const fieldValue = (value as Record<string, unknown>)[field.name];
      checkValue(fieldValue, field.type, field.extensions.maxLength, `${path}.${field.name}`, problems);
    }
  } else if (typeof maxLength === 'number' && lengthOf(value, getNamedType(type).name) > maxLength) {
    problems.push({ field: path, message: `must be at most ${maxLength} characters` });
  }
}

/** Every too-long value among the arguments of the fields the operation (and its fragments) selects. */
export function lengthProblems(args: ExecutionArgs): FieldProblem[] {
  const { schema, document, variableValues, operationName } = args;
  const operation = getOperationAST(document, operationName);
  if (!operation) return [];
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {});
  // Variables of the wrong type are for execution to refuse, with GraphQL's own message.
  if (!variables.coerced) return [];
  const coerced = variables.coerced;
  const problems: FieldProblem[] = [];
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const field = typeInfo.getFieldDef();
      if (!field || field.args.length === 0) return;
      let values: Record<string, unknown>;
      try {
        values = getArgumentValues(field, node, coerced);
      } catch {
        return; // an invalid argument is for execution to refuse
      }
      for (const arg of field.args) {
        checkValue(values[arg.name], arg.type, arg.extensions.maxLength, arg.name, problems);
      }
    },
  });
  for (const definition of [operation, ...fragmentsOf(document)]) visit(definition, visitor);
  return problems;
}

function fragmentsOf(document: DocumentNode) {
  return document.definitions.filter(
    (d): d is Exclude<typeof d, OperationDefinitionNode> => d.kind === Kind.FRAGMENT_DEFINITION,
  );
}

export function useStringLimits(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const problems = lengthProblems(args);
      if (problems.length === 0) return;
      const refusal = new BadUserInputError(problems);
      // `data: null` as when the domain refuses the same input: one answer, whichever line caught it.
      setResultAndStopExecution({
        data: null,
        errors: [
          new GraphQLError(refusal.message, { extensions: { ...refusal.details, code: refusal.code } }),
        ],
      });
    },
  };
}
