import type { Benchmark } from '../bench-context';
import { aggregatorIncremental } from './aggregator-incremental';
import { dashboardHotPath } from './dashboard-hot-path';
import { lakeFootprint } from './lake-footprint';
import { legacyResponseTime } from './legacy-response-time';
import { processorThroughput } from './processor-throughput';

/** Every benchmark `make bench` runs, in order. Add a module here to add a benchmark. */
export const BENCHMARKS: readonly Benchmark[] = [processorThroughput, lakeFootprint, dashboardHotPath, aggregatorIncremental, legacyResponseTime];
