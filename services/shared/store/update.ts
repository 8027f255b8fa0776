/**
 * Builds one DynamoDB update expression from parts. Each action keyword appears once (DynamoDB refuses
 * `SET … REMOVE a REMOVE b`), and names and values get their own placeholders, so a command's changes and
 * a deadline's timer changes can be combined without string surgery.
 */
import type { Item } from './codec.ts';

export interface UpdateExpression {
  expression: string;
  names?: Record<string, string>;
  values?: Item;
}

export class Update {
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];
  private readonly names: Record<string, string> = {};
  private readonly values: Item = {};
  private counter = 0;

  /** `path` is a dotted attribute path (`deadlines.due`); each part gets a name placeholder. */
  set(path: string, value: unknown): this {
    if (value === undefined) return this.remove(path);
    this.sets.push(`${this.path(path)} = ${this.value(value)}`);
    return this;
  }

  /** `path = if_not_exists(path, start) + by`. */
  increment(path: string, by = 1, start = 0): this {
    const name = this.path(path);
    this.sets.push(`${name} = if_not_exists(${name}, ${this.value(start)}) + ${this.value(by)}`);
    return this;
  }

  /** Appends to a list attribute, creating it when absent. */
  append(path: string, items: unknown[]): this {
    const name = this.path(path);
    this.sets.push(`${name} = list_append(if_not_exists(${name}, ${this.value([])}), ${this.value(items)})`);
    return this;
  }

  remove(...paths: string[]): this {
    for (const path of paths) this.removes.push(this.path(path));
    return this;
  }

  /** Every `set` of a plain object's fields (undefined fields are removed). */
  setAll(fields: Record<string, unknown>): this {
    for (const [name, value] of Object.entries(fields)) this.set(name, value);
    return this;
  }

  get isEmpty(): boolean {
    return this.sets.length === 0 && this.removes.length === 0;
  }

  build(): UpdateExpression {
    if (this.isEmpty) throw new Error('An update must change something');
    const clauses = [
      this.sets.length ? `SET ${this.sets.join(', ')}` : '',
      this.removes.length ? `REMOVE ${this.removes.join(', ')}` : '',
    ].filter(Boolean);
    return { expression: clauses.join(' '), names: { ...this.names }, values: { ...this.values } };
  }

  private path(path: string): string {
    return path
      .split('.')
      .map((part) => {
        const placeholder = `#u${this.counter++}`;
        this.names[placeholder] = part;
        return placeholder;
      })
      .join('.');
  }

  private value(value: unknown): string {
    const placeholder = `:u${this.counter++}`;
    this.values[placeholder] = value;
    return placeholder;
  }
}
