/**
 * The local bus's journal in the data folder (`--persist`): one JSON line per accepted event, pending
 * delivery, finished delivery and dead letter. Appends of accepted events are flushed to the disk before
 * PutEvents answers; a start folds the file into the archive, the dead letters and the unfinished
 * deliveries, and rewrites it without the finished ones.
 */

import type { BusJournal, DeadLetter, PendingDelivery } from '../events/local-bus.ts';
import type { BusEvent } from '../shared/events/envelope.ts';
import { JsonLinesFile, readJsonLines } from './files.ts';

type JournalRecord =
  | { event: BusEvent }
  | { pending: PendingDelivery }
  | { done: string }
  | { dead: { id: string; letter: DeadLetter } };

export class FileBusJournal implements BusJournal {
  private file?: JsonLinesFile;
  private closed = false;

  constructor(private readonly path: string) {}

  load(): ReturnType<BusJournal['load']> {
    const archive = new Map<string, BusEvent>();
    const pending = new Map<string, PendingDelivery>();
    const deadLetters: { id: string; letter: DeadLetter }[] = [];
    for (const record of readJsonLines(this.path) as JournalRecord[]) {
      if ('event' in record) archive.set(record.event.id, record.event);
      else if ('pending' in record) pending.set(record.pending.id, record.pending);
      else if ('done' in record) pending.delete(record.done);
      else if ('dead' in record) {
        pending.delete(record.dead.id);
        deadLetters.push(record.dead);
      }
    }
    const compacted: JournalRecord[] = [
      ...[...archive.values()].map((event) => ({ event })),
      ...[...pending.values()].map((p) => ({ pending: p })),
      ...deadLetters.map((dead) => ({ dead })),
    ];
    this.file?.close();
    this.file = new JsonLinesFile(this.path, compacted);
    return {
      archive: [...archive.values()],
      deadLetters: deadLetters.map((d) => d.letter),
      pending: [...pending.values()],
    };
  }

  accepted(events: BusEvent[], deliveries: PendingDelivery[]): void {
    const records: JournalRecord[] = [
      ...events.map((event) => ({ event })),
      ...deliveries.map((pending) => ({ pending })),
    ];
    // After close() this throws: PutEvents is refused, as it must be when nothing can record it.
    this.open().append(records, { sync: true });
  }

  finished(deliveryId: string): void {
    // A delivery finishing while the runtime stops stays pending in the file: made again at next start.
    if (!this.closed) this.open().append([{ done: deliveryId }]);
  }

  deadLettered(deliveryId: string, letter: DeadLetter): void {
    if (!this.closed) this.open().append([{ dead: { id: deliveryId, letter } }], { sync: true });
  }

  close(): void {
    this.closed = true;
    this.file?.close();
    this.file = undefined;
  }

  private open(): JsonLinesFile {
    if (!this.file)
      throw new Error(this.closed ? 'The bus journal is closed' : 'The bus journal is used before load()');
    return this.file;
  }
}
