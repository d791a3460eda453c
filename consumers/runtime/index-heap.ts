/**
 * A binary min-heap of non-negative integers (positions in a batch). The per-key scheduler starts
 * the lowest ready position first, so the record that holds back the committed offset is always
 * the next one to run.
 */
export class IndexHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let child = items.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if ((items[parent] as number) <= value) break;
      items[child] = items[parent] as number;
      child = parent;
    }
    items[child] = value;
  }

  /** Removes and returns the smallest value; undefined when empty. */
  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let parent = 0;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const smaller = right < items.length && (items[right] as number) < (items[left] as number) ? right : left;
      if ((items[smaller] as number) >= last) break;
      items[parent] = items[smaller] as number;
      parent = smaller;
    }
    items[parent] = last;
    return top;
  }
}
