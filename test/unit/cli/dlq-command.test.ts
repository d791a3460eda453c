import { describe, expect, it } from 'vitest';
import { loadDlqConfig, parseDlqOptions, type DlqRawOptions } from '../../../cli/dlq-command.js';
import { dlqJson, listingLines, redriveLines, type DlqResult } from '../../../cli/dlq-report.js';
import { createProgram, type ParsedCommandLine } from '../../../cli/program.js';
import type { DeadLetterReport } from '../../../consumers/dead-letters/dead-letter-admin.js';
import { viewDeadLetter, viewRedriveMark, withRedriveStates, type RedriveMark } from '../../../consumers/dead-letters/dead-letter-view.js';
import { selectForRedrive } from '../../../consumers/dead-letters/redrive-selection.js';
import { ConnectorError } from '../../../core/errors.js';
import { deadLetterOf, DLQ, GROUP, REDRIVE, redriveOf, sourceRecord } from '../consumers/fixtures/dead-letter-records.js';

const RAW: DlqRawOptions = { group: GROUP, json: false, redrive: false, apply: false, again: false, event: [] };

describe('dlq options', () => {
  it('take a group, filters and a redrive, deduplicating event ids', () => {
    expect(parseDlqOptions({ ...RAW, redrive: true, apply: true, event: ['event_1', ' event_1 ', 'event_2'], reason: ' 23514 ' })).toEqual({
      group: GROUP,
      json: false,
      redrive: true,
      apply: true,
      again: false,
      eventIds: ['event_1', 'event_2'],
      reason: '23514',
    });
  });

  it('report every problem at once: a group that cannot name a topic, --apply or --again without --redrive, empty filters', () => {
    expect(() => parseDlqOptions({ ...RAW, group: 'my group', apply: true, again: true, event: [''], reason: ' ' })).toThrowError(
      /--group: .*"my group"[\s\S]*--apply: only with --redrive[\s\S]*--again: only with --redrive[\s\S]*--event: .*empty[\s\S]*--reason: /,
    );
    expect(() => parseDlqOptions({ ...RAW, group: 'g'.repeat(242) })).toThrow(/--group/);
    expect(() => parseDlqOptions({ ...RAW, group: 'g'.repeat(241) })).not.toThrow();
  });

  it('need the brokers; settings and options problems come together', () => {
    expect(loadDlqConfig({ KAFKA_BROKERS: 'k:9092' }, RAW)).toMatchObject({ KAFKA_BROKERS: ['k:9092'], LOG_LEVEL: 'warn', COMMAND_TIMEOUT_MS: 60_000, group: GROUP });
    expect(() => loadDlqConfig({}, { ...RAW, apply: true })).toThrowError(/KAFKA_BROKERS[\s\S]*--apply/);
  });

  it('are parsed by the program: --event repeats, --apply alone is refused', () => {
    const parse = (...args: string[]): ParsedCommandLine => {
      let parsed: ParsedCommandLine | undefined;
      createProgram({ env: { KAFKA_BROKERS: 'k:9092' }, stdout: () => undefined, stderr: () => undefined }, (p) => (parsed = p)).parse(['dlq', ...args], { from: 'user' });
      if (parsed === undefined) throw new Error('nothing parsed');
      return parsed;
    };
    expect(parse('--group', GROUP, '--redrive', '--event', 'event_1', '--event', 'event_2', '--reason', '23514').kind).toBe('run');
    const refused = parse('--group', GROUP, '--apply');
    expect(refused.kind).toBe('invalid');
    expect(refused.kind === 'invalid' ? String(refused.error) : '').toMatch(/--apply: only with --redrive/);
  });
});

/** A mirror group with two dead letters: event_1 redriven and handled, event_2 never redriven. */
function result(redrive: 'none' | 'dry' | 'applied', members = 1, readsRedrive: boolean | null = true): DlqResult {
  const checkFailed = Object.assign(new Error('violates check constraint "org_name_short"'), { code: '23514' });
  const d0 = deadLetterOf(sourceRecord('event_1', '10'), checkFailed, '0');
  const d1 = deadLetterOf(sourceRecord('event_2', '11'), new ConnectorError('Record value is not JSON', { code: 'DECODE_FAILED' }), '1', 1);
  const deadLetters = withRedriveStates([d0, d1].map(viewDeadLetter), [viewRedriveMark(redriveOf(d0, '0')) as RedriveMark], new Map([[0, '1']]));
  const report: DeadLetterReport = {
    groupId: GROUP,
    dlqTopic: DLQ,
    redriveTopic: REDRIVE,
    dlqExists: true,
    redriveTopicExists: true,
    deadLetters,
    group: { state: members > 0 ? 'Stable' : 'Empty', members, readsRedrive },
  };
  if (redrive === 'none') return { report, listed: deadLetters, filtered: false };
  const selection = selectForRedrive(deadLetters, { eventIds: [] }, false);
  const outcome = redrive === 'applied' ? { createdTopic: false, sent: selection.selected.length, redrivenAt: '2026-01-05T00:00:00.000Z' } : undefined;
  return { report, listed: deadLetters, filtered: true, redrive: { selection, again: false, outcome } };
}

describe('dlq output', () => {
  it('lists each dead letter with its reason and redrive state, then the summary by reason', () => {
    expect(listingLines(result('none'))).toEqual([
      `group ${GROUP}: 2 dead letters in ${DLQ} (1 not redriven)`,
      `  dlq 0:0  event_1  23514  attempts 5  from workos.events:2:10  ${new Date(1_750_000_000_000).toISOString()}  redriven 2026-01-02T03:04:05.000Z, handled`,
      '      Error: violates check constraint "org_name_short"',
      `  dlq 0:1  event_2  DECODE_FAILED  attempts 1  from workos.events:2:11  ${new Date(1_750_000_000_000).toISOString()}  not redriven`,
      '      ConnectorError: Record value is not JSON',
      'by reason:',
      '  23514: 1 (0 not redriven), e.g. Error: violates check constraint "org_name_short"',
      '  DECODE_FAILED: 1 (1 not redriven), e.g. ConnectorError: Record value is not JSON',
    ]);
  });

  it('says a dry run sends nothing, and what it leaves out', () => {
    const lines = redriveLines(result('dry'));
    expect(lines[0]).toBe(`would redrive 1 dead letter of group ${GROUP} into ${REDRIVE}`);
    expect(lines).toContain('left out 1 redriven before (add --again to redrive them once more):');
    expect(lines.at(-1)).toMatch(/^dry run: nothing sent\. Fix the cause first, then add --apply/);
  });

  it('after a redrive, says who handles the records and when, warning when no member reads the redrive topic', () => {
    expect(redriveLines(result('applied')).at(-1)).toMatch(new RegExp(`^group ${GROUP} \\(Stable, 1 members\\) reads ${REDRIVE}: they are handled now`));
    expect(redriveLines(result('applied', 0, null)).at(-1)).toMatch(/has no members: they are handled when it starts/);
    expect(redriveLines(result('applied', 2, false)).at(-1)).toMatch(/^WARNING: .* none reads/);
  });

  it('prints JSON without the record bytes', () => {
    const json = dlqJson(result('dry'));
    expect(json).toMatchObject({ group: GROUP, total: 2, redrive: { dryRun: true, selected: [`${DLQ}:0:1`], skipped: [{ id: `${DLQ}:0:0`, reason: 'already-redriven' }] } });
    const text = JSON.stringify(json);
    expect(text).not.toContain('"record"');
    expect(JSON.parse(text).deadLetters[1]).toMatchObject({ eventId: 'event_2', errorCode: 'DECODE_FAILED', attempts: 1, origin: 'workos.events:2:11', state: { kind: 'not-redriven' } });
  });
});
