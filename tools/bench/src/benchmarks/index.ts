import type { Benchmark } from '../bench-context';
import { aggregatorIncremental } from './aggregator-incremental';
import { chatFirstTokenOverhead } from './chat-first-token';
import { chatLoad } from './chat-load';
import { chatTurnsPerSecond } from './chat-turns';
import { dashboardHotPath } from './dashboard-hot-path';
import { lakeFootprint } from './lake-footprint';
import { lambdaBundles } from './lambda-bundles';
import { legacyResponseTime } from './legacy-response-time';
import { processorThroughput } from './processor-throughput';
import { redaction } from './redaction';

/** Every benchmark `make bench` runs, in order. Add a module here to add a benchmark. */
export const BENCHMARKS: readonly Benchmark[] = [processorThroughput, lakeFootprint, dashboardHotPath, aggregatorIncremental, redaction, lambdaBundles, chatFirstTokenOverhead, chatTurnsPerSecond, chatLoad, legacyResponseTime];
