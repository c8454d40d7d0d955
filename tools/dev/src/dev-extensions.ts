import type { DevExtension } from './dev';

/** Parts of `make dev` beyond the processor, started in this order. */
export const devExtensions: DevExtension[] = [];
