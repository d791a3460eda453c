/**
 * Which offset may be committed when records finish out of order: everything below the lowest
 * record still open. A snapshot request stays open until the snapshot it asks for has begun (its
 * id is in the stored cursor), so a crash before that reads it again; records for other
 * connectors, or unusable ones, close at once.
 */
export class OrderedAcks {
  /** Open and closed offsets of one partition, in arrival order. */
  private readonly entries: { offset: bigint; closed: boolean }[] = [];

  /** Records an arrival; `closed` when nothing is left to do for it. Returns the offset now committable, if it moved. */
  add(offset: string, closed: boolean): string | undefined {
    this.entries.push({ offset: BigInt(offset), closed });
    return this.advance();
  }

  /** Closes `offset`; returns the offset now committable, if it moved. */
  close(offset: string): string | undefined {
    const entry = this.entries.find((candidate) => candidate.offset === BigInt(offset));
    if (entry !== undefined) entry.closed = true;
    return this.advance();
  }

  private advance(): string | undefined {
    let next: bigint | undefined;
    while (this.entries[0]?.closed === true) next = (this.entries.shift() as { offset: bigint }).offset + 1n;
    return next === undefined ? undefined : String(next);
  }
}
