/**
 * A Pothos plugin that gives every String, ID and JSON argument and input field its maximum length
 * (`string-limits.ts`): as `extensions.maxLength`, which the request check enforces, and in its
 * description, which clients read — the sentence is added unless the description states one already
 * (the schema test holds such a statement to the same figure).
 */
import SchemaBuilder, {
  BasePlugin,
  type PothosInputFieldConfig,
  type PothosInputFieldType,
  type SchemaTypes,
} from '@pothos/core';
import { isLimitedScalar, type LimitedScalar, maxLengthOf } from './string-limits.ts';

/** "at most N characters", the words the schema test looks for. */
export const STATED_MAXIMUM = /at most ([\d,]+) characters/i;

export function statedMaximum(description: string | null | undefined): number | undefined {
  const match = STATED_MAXIMUM.exec(description ?? '');
  return match?.[1] ? Number(match[1].replaceAll(',', '')) : undefined;
}

function withMaximum(description: string | undefined, max: number, list: boolean, scalar: LimitedScalar) {
  if (statedMaximum(description) !== undefined) return description;
  // Grouped by hand: the first toLocaleString of a process loads ICU, ~9 ms of every Lambda cold start.
  const figure = max >= 10_000 ? String(max).replace(/\B(?=(\d{3})+$)/g, ',') : String(max);
  const sentence = `${list ? 'Each at most' : 'At most'} ${figure} characters${scalar === 'JSON' ? ' as JSON' : ''}.`;
  if (!description?.trim()) return sentence;
  const text = description.trim();
  return `${text}${/[.!?。]$/.test(text) ? '' : '.'} ${sentence}`;
}

export class StringLimitsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onInputFieldConfig(config: PothosInputFieldConfig<Types>): PothosInputFieldConfig<Types> {
    const list = config.type.kind === 'List';
    const scalar = this.scalarOf(config.type);
    if (!scalar) return config;
    const coordinate =
      config.kind === 'Arg'
        ? `${config.parentType}.${config.parentField}(${config.name})`
        : `${config.parentType}.${config.name}`;
    const max = maxLengthOf(coordinate, scalar, config.name);
    return {
      ...config,
      description: withMaximum(config.description ?? undefined, max, list, scalar),
      extensions: { ...config.extensions, maxLength: max },
    };
  }

  private scalarOf(type: PothosInputFieldType<Types>): LimitedScalar | undefined {
    if (type.kind === 'List') return this.scalarOf(type.type);
    if (type.kind !== 'Scalar') return undefined;
    const { name } = this.buildCache.getTypeConfig(type.ref);
    return isLimitedScalar(name) ? name : undefined;
  }
}

/** The plugin's name, as the builder's `plugins` list takes it. */
export const STRING_LIMITS_PLUGIN = 'stringLimits';

SchemaBuilder.registerPlugin(STRING_LIMITS_PLUGIN, StringLimitsPlugin);

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      stringLimits: StringLimitsPlugin<Types>;
    }
  }
}
