import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { TransientError } from '@picasso/shared/errors';
import type { InsightsRow, LogsInsights } from '../ports';

/**
 * Logs Insights over one log group: StartQuery, then GetQueryResults until the query is done
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html).
 * `startTime`/`endTime` are epoch seconds and both inclusive, so `[startMs, endMs)` ends at the
 * last whole second before `endMs`. A query past its deadline is stopped (Insights bills scanned bytes).
 */
export class CloudWatchLogsInsights implements LogsInsights {
  constructor(
    private readonly client: Pick<CloudWatchLogsClient, 'send'>,
    private readonly logGroupName: string,
    private readonly timeoutMs: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async run(queryString: string, startMs: number, endMs: number): Promise<InsightsRow[]> {
    const { queryId } = await this.client.send(
      new StartQueryCommand({ logGroupName: this.logGroupName, queryString, startTime: Math.floor(startMs / 1000), endTime: Math.floor((endMs - 1) / 1000) }),
    );
    const deadline = Date.now() + this.timeoutMs;
    // Short first waits: a small query completes in milliseconds locally and in well under a second in AWS.
    for (let wait = 5; ; wait = Math.min(500, Math.ceil(wait * 1.5))) {
      const res = await this.client.send(new GetQueryResultsCommand({ queryId }));
      if (res.status === 'Complete') return (res.results ?? []).map((fields) => Object.fromEntries(fields.filter((f) => f.field && f.value !== undefined).map((f) => [f.field!, f.value!])));
      if (res.status !== 'Running' && res.status !== 'Scheduled') throw new TransientError(`Logs Insights query ended ${res.status}`);
      if (Date.now() > deadline) {
        await this.client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
        throw new TransientError(`Logs Insights query still running after ${this.timeoutMs} ms; stopped`);
      }
      await this.sleep(wait);
    }
  }
}
