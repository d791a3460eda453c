/**
 * The value codecs of snapshot records and completions on the events topic. With a registry, each
 * record type has its own subject (TopicRecordNameStrategy: `<topic>-snapshot_record`,
 * `<topic>-snapshot_completion`), so the events' `<topic>-value` lineage is untouched; consumers
 * decode any of them by the schema id in the frame.
 */
import { createCodec } from '../../schemas/codec.js';
import { SNAPSHOT_COMPLETION_SCHEMA, SNAPSHOT_RECORD_SCHEMA } from '../../schemas/snapshot-record.js';
import type { SnapshotCodecs } from './snapshot-messages.js';

/** The registry subjects of the two snapshot record types on `topic`. */
export function snapshotSubjects(topic: string): { record: string; completion: string } {
  return { record: `${topic}-snapshot_record`, completion: `${topic}-snapshot_completion` };
}

/** Both codecs for `topic`; plain JSON without `registryUrl`. */
export function createSnapshotCodecs(topic: string, registryUrl: string | undefined): SnapshotCodecs {
  const subjects = snapshotSubjects(topic);
  return {
    record: createCodec({ topic, subject: subjects.record, schema: SNAPSHOT_RECORD_SCHEMA, registryUrl }),
    completion: createCodec({ topic, subject: subjects.completion, schema: SNAPSHOT_COMPLETION_SCHEMA, registryUrl }),
  };
}
