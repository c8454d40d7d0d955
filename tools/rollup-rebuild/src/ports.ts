import type { MetricCache, Partition, QueryEngine, RollupStore, TenantConfig } from '@picasso/shared';
import type { DirtyMarkStore, DirtyPartitionMarker } from '@picasso/shared/dynamodb';

/** One object of a lake partition, as a listing shows it. */
export interface LakeObject {
  key: string;
  etag: string;
  bytes: number;
}

/** The lake, as far as the rebuild looks at it without querying: what each partition holds. */
export interface LakeInventory {
  /** Every object under the partition's prefix (an absent partition is an empty list). */
  listPartition(partition: Partition): Promise<LakeObject[]>;
}

/**
 * The dirty marks of the processor and the aggregator (one table, `@picasso/shared/dynamodb`):
 * the rebuild reads them and sets them exactly as the processor does, never deletes one.
 */
export type RebuildMarks = Pick<DirtyMarkStore, 'listMarks'> & DirtyPartitionMarker;

export interface RebuildPorts {
  tenants: { findConfig(tenantId: string): Promise<TenantConfig | null> };
  lake: LakeInventory;
  /** The query engine the aggregator uses (Athena in AWS, the Athena emulator or DuckDB locally). */
  engine: QueryEngine;
  /** The aggregator's rollup store (`DynamoDbRollupStore`): each day replaced wholesale. */
  rollups: RollupStore;
  /** The dashboard cache (`DynamoDbMetricCache`). */
  cache: Pick<MetricCache, 'putMetrics'>;
  marks: RebuildMarks;
}

/** Where progress goes (stderr in the CLI); the summary is the return value. */
export interface RebuildIo {
  progress(line: string): void;
}
