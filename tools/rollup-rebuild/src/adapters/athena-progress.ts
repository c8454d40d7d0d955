import type { AthenaClient, GetQueryExecutionCommandOutput, StartQueryExecutionCommandOutput } from '@aws-sdk/client-athena';

/**
 * Reports what the shared `AthenaQueryEngine` does with `client` without changing it: the query
 * id once Athena accepts it, then each state it reaches (QUEUED, RUNNING, SUCCEEDED, …) with the
 * bytes scanned so far, read from the responses the engine already polls for. An SDK middleware
 * (https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/middleware.html) sees every
 * command the client sends; nothing is sent that the engine would not send.
 */
export function reportAthenaProgress(client: AthenaClient, progress: (line: string) => void): AthenaClient {
  const lastState = new Map<string, string>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'StartQueryExecutionCommand') {
        const id = (result.output as StartQueryExecutionCommandOutput).QueryExecutionId;
        if (id) progress(`athena: query ${id} accepted`);
      } else if (context.commandName === 'GetQueryExecutionCommand') {
        const execution = (result.output as GetQueryExecutionCommandOutput).QueryExecution;
        const id = execution?.QueryExecutionId ?? '';
        const state = execution?.Status?.State ?? 'UNKNOWN';
        if (lastState.get(id) !== state) {
          lastState.set(id, state);
          progress(`athena: query ${id} ${state}, ${execution?.Statistics?.DataScannedInBytes ?? 0} bytes scanned`);
        }
      }
      return result;
    },
    { step: 'initialize', name: 'rollupRebuildProgress' },
  );
  return client;
}
