/**
 * What `workos-kafka dlq` prints: lines for a person (each dead letter, its reason and what became
 * of its redrives, then a summary by reason), or one JSON document for scripts.
 */
import type { DeadLetterReport, RedriveOutcome } from '../consumers/dead-letters/dead-letter-admin.js';
import { summarizeByReason, type DeadLetterStatus, type RedriveState } from '../consumers/dead-letters/dead-letter-view.js';
import type { RedriveSelection } from '../consumers/dead-letters/redrive-selection.js';

/** Everything one run found and did. */
export interface DlqResult {
  readonly report: DeadLetterReport;
  /** The dead letters the filters let through (all of them without filters). */
  readonly listed: readonly DeadLetterStatus[];
  /** Whether `--event` or `--reason` narrowed the listing. */
  readonly filtered: boolean;
  /** Present for `--redrive`; `outcome` only with `--apply`. */
  readonly redrive?: { readonly selection: RedriveSelection; readonly again: boolean; readonly outcome: RedriveOutcome | undefined };
}

/** The listing: a header line, one entry per dead letter, the summary by reason. */
export function listingLines(result: DlqResult): string[] {
  const { report, listed } = result;
  if (!report.dlqExists) return [`group ${report.groupId}: no dead letters (${report.dlqTopic} not created: the group has not run)`];
  const total = report.deadLetters.length;
  const shown = result.filtered ? `${listed.length} of ${deadLetters(total)} match` : deadLetters(total);
  const lines = [`group ${report.groupId}: ${shown} in ${report.dlqTopic} (${listed.filter((l) => l.state.kind === 'not-redriven').length} not redriven)`];
  for (const letter of listed) lines.push(...letterLines(letter));
  if (listed.length > 0) {
    lines.push('by reason:');
    for (const reason of summarizeByReason(listed)) lines.push(`  ${reason.errorCode}: ${reason.count} (${reason.notRedriven} not redriven), e.g. ${reason.example}`);
  }
  return lines;
}

/** The redrive: what is (or would be) sent, what is left out and why, what happens next. */
export function redriveLines(result: DlqResult): string[] {
  const { report } = result;
  if (result.redrive === undefined) return listingLines(result);
  const { selection, again, outcome } = result.redrive;
  const lines: string[] = [];
  if (!report.dlqExists) lines.push(`group ${report.groupId}: no dead letters (${report.dlqTopic} not created: the group has not run)`);
  for (const id of selection.unmatchedEventIds) lines.push(`event ${id}: no dead letter in ${report.dlqTopic}`);
  const verb = outcome === undefined ? 'would redrive' : 'redrove';
  lines.push(`${verb} ${deadLetters(selection.selected.length)} of group ${report.groupId} into ${report.redriveTopic}${outcome === undefined ? '' : ` at ${outcome.redrivenAt}`}`);
  for (const letter of selection.selected) lines.push(`  ${summaryOf(letter)}`);
  const already = selection.skipped.filter((s) => s.reason === 'already-redriven');
  if (already.length > 0) lines.push(`left out ${already.length} redriven before (add --again to redrive them once more):`);
  for (const { letter } of already) lines.push(`  ${summaryOf(letter)}  [${stateText(letter.state)}]`);
  const superseded = selection.skipped.filter((s) => s.reason === 'failed-again');
  if (superseded.length > 0) lines.push(`left out ${superseded.length} whose redrive failed again (their newer dead letter stands for them${again ? ', even with --again' : ''}):`);
  for (const { letter } of superseded) lines.push(`  ${summaryOf(letter)}  [${stateText(letter.state)}]`);
  if (outcome === undefined) {
    lines.push(selection.selected.length === 0 ? 'dry run: nothing to redrive.' : 'dry run: nothing sent. Fix the cause first, then add --apply to redrive them.');
    return lines;
  }
  if (outcome.sent === 0) return [...lines, 'nothing sent.'];
  if (outcome.createdTopic) lines.push(`created ${report.redriveTopic}: a group member started before it existed reads it only after a restart.`);
  lines.push(nextStep(report));
  return lines;
}

/** `1 dead letter`, `2 dead letters`. */
function deadLetters(count: number): string {
  return `${count} dead letter${count === 1 ? '' : 's'}`;
}

/** Who handles the redriven records, and when. */
function nextStep(report: DeadLetterReport): string {
  const { group, groupId, redriveTopic } = report;
  if (group.members === 0) return `group ${groupId} has no members: they are handled when it starts. \`dlq --group ${groupId}\` shows their progress.`;
  if (group.readsRedrive === false) {
    return `WARNING: group ${groupId} has ${group.members} members but none reads ${redriveTopic} (a version before redrive, or a rebalance): they wait until one does.`;
  }
  return `group ${groupId} (${group.state}, ${group.members} members) reads ${redriveTopic}: they are handled now. \`dlq --group ${groupId}\` shows their progress.`;
}

function letterLines(letter: DeadLetterStatus): string[] {
  return [`  ${summaryOf(letter)}  ${letter.deadLetteredAt}  ${stateText(letter.state)}`, `      ${letter.error}`];
}

/** `dlq 0:4  event_…  23514  attempts 5  from workos.events:2:17`. */
function summaryOf(letter: DeadLetterStatus): string {
  const attempts = letter.attempts === null ? '' : `  attempts ${letter.attempts}`;
  return `dlq ${letter.partition}:${letter.offset}  ${letter.eventId ?? '(no event id)'}  ${letter.errorCode}${attempts}  from ${letter.origin ?? '(unknown)'}`;
}

function stateText(state: RedriveState): string {
  switch (state.kind) {
    case 'not-redriven':
      return 'not redriven';
    case 'queued':
      return `redriven ${state.at}, not read by the group yet`;
    case 'handled':
      return `redriven ${state.at}, handled`;
    case 'failed-again':
      return `redriven ${state.at}, failed again: ${state.deadLetter}`;
  }
}

/** The result as one JSON-ready document (the record bytes left out). */
export function dlqJson(result: DlqResult): Record<string, unknown> {
  const { report } = result;
  const plain = (letter: DeadLetterStatus) => {
    const { record: _record, ...rest } = letter;
    return rest;
  };
  return {
    group: report.groupId,
    dlqTopic: report.dlqTopic,
    redriveTopic: report.redriveTopic,
    dlqExists: report.dlqExists,
    groupState: report.group,
    total: report.deadLetters.length,
    deadLetters: result.listed.map(plain),
    summary: summarizeByReason(result.listed),
    ...(result.redrive === undefined
      ? {}
      : {
          redrive: {
            dryRun: result.redrive.outcome === undefined,
            selected: result.redrive.selection.selected.map((letter) => letter.id),
            skipped: result.redrive.selection.skipped.map(({ letter, reason }) => ({ id: letter.id, reason })),
            unmatchedEventIds: result.redrive.selection.unmatchedEventIds,
            ...(result.redrive.outcome === undefined ? {} : result.redrive.outcome),
          },
        }),
  };
}
