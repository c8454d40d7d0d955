import type { Benchmark } from '../bench-context';
import { lakeFootprint } from './lake-footprint';
import { processorThroughput } from './processor-throughput';

/** Every benchmark `make bench` runs, in order. Add a module here to add a benchmark. */
export const BENCHMARKS: readonly Benchmark[] = [processorThroughput, lakeFootprint];
