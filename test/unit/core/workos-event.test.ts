import { describe, expect, it } from 'vitest';
import { isJsonObject, isRawWorkosEvent, rawEventProblems } from '../../../core/workos-event.js';

describe('raw WorkOS event checks', () => {
  const event = { object: 'event', id: 'event_01', event: 'user.created', created_at: '2024-01-01T00:00:00.000Z', data: {}, extra: 1 };

  it('accepts an event with the required fields and unknown extras', () => {
    expect(rawEventProblems(event)).toEqual([]);
    expect(isRawWorkosEvent(event)).toBe(true);
  });

  it('names every missing or wrong field', () => {
    expect(rawEventProblems({ id: '', event: 3, data: [] })).toEqual([
      'id must be a non-empty string',
      'event must be a non-empty string',
      'created_at must be a non-empty string',
      'data must be an object',
    ]);
    expect(rawEventProblems(null)).toEqual(['event is not a JSON object']);
    expect(isJsonObject([])).toBe(false);
  });
});
