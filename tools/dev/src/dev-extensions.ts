import type { SystemPart } from './system';

/** Parts of the system beyond the processor, started in this order. */
export const devParts: SystemPart[] = [];
