import { describe, expect, it } from 'vitest';
import { RequestBudget } from '../../../connector/request-budget.js';

describe('request budget', () => {
  it('spaces requests at the configured rate after a first free one', async () => {
    const budget = new RequestBudget(50);
    const started = Date.now();
    for (let i = 0; i < 6; i += 1) await budget.take();
    // Five waits of 20 ms after the first request.
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  // Regression: each wait left an abort listener on the signal (MaxListenersExceededWarning).
  it('removes its abort listener once a wait ends', async () => {
    const budget = new RequestBudget(200);
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added += 1;
      add(...args);
    }) as typeof add;
    controller.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      removed += 1;
      remove(...args);
    }) as typeof remove;
    for (let i = 0; i < 5; i += 1) await budget.take(controller.signal);
    expect(added).toBeGreaterThan(0);
    expect(removed).toBe(added);
  });

  it('stops waiting when the signal aborts', async () => {
    const budget = new RequestBudget(0.1);
    await budget.take();
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await budget.take(controller.signal);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
