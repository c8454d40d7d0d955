import { ListMessageMoveTasksCommand, SQSClient, StartMessageMoveTaskCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsRedriveQueues } from '../src/adapters/sqs-redrive-queues';
import { redrive, type RedriveOptions } from '../src/redrive';

// The local stack has no StartMessageMoveTask, so this path runs against the SDK with AWS's
// documented responses (aws-sdk-client-mock); the loop path runs against the local stack.
const queues = {
  deadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/staging-picasso-analytics-events-dlq',
  deadLetterQueueArn: 'arn:aws:sqs:eu-west-1:123456789012:staging-picasso-analytics-events-dlq',
  sourceQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/staging-picasso-analytics-events',
  sourceQueueArn: 'arn:aws:sqs:eu-west-1:123456789012:staging-picasso-analytics-events',
};
const taskHandle = 'eyJ0YXNrSWQiOiJkYTFkOWRkMS0zZjY5LTQ0NTMtYTg2YS1iNjg3NjJjNDdiYjYiLCJzb3VyY2VBcm4iOiJhcm4ifQ==';

function options(overrides: Partial<RedriveOptions> = {}): RedriveOptions {
  return { filter: {}, dryRun: false, forceLoop: false, visibilityTimeoutSeconds: 60, waitTimeSeconds: 1, maxScan: 100, maxErrors: 10, sleep: async () => {}, ...overrides };
}

describe('an unfiltered redrive on AWS', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());

  it('starts a message move task from the DLQ to the events queue and follows it to the end', async () => {
    // Prepare
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: taskHandle });
    sqs
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({ Results: [{ TaskHandle: taskHandle, Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 40, ApproximateNumberOfMessagesToMove: 120, SourceArn: queues.deadLetterQueueArn }] })
      .resolves({ Results: [{ TaskHandle: taskHandle, Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 120, ApproximateNumberOfMessagesToMove: 120, SourceArn: queues.deadLetterQueueArn }] });
    const progress: number[] = [];
    // Act
    const result = await redrive(new SqsRedriveQueues(new SQSClient({ region: 'eu-west-1' }), queues), options({ ratePerSecond: 50, onProgress: (p) => progress.push(p.moved) }));
    // Assess
    expect(result).toMatchObject({ mode: 'move-task', moved: 120, taskStatus: 'COMPLETED', taskHandle });
    expect(result.aborted).toBeUndefined();
    expect(progress).toEqual([40, 120]);
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]!.args[0].input).toEqual({
      SourceArn: queues.deadLetterQueueArn,
      DestinationArn: queues.sourceQueueArn,
      MaxNumberOfMessagesPerSecond: 50,
    });
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });

  it('reports a move task that failed', async () => {
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: taskHandle });
    sqs.on(ListMessageMoveTasksCommand).resolves({
      Results: [{ TaskHandle: taskHandle, Status: 'FAILED', ApproximateNumberOfMessagesMoved: 3, FailureReason: 'AWS.SimpleQueueService.KmsAccessDenied', SourceArn: queues.deadLetterQueueArn }],
    });
    const result = await redrive(new SqsRedriveQueues(new SQSClient({ region: 'eu-west-1' }), queues), options());
    expect(result).toMatchObject({ mode: 'move-task', moved: 3, aborted: 'move task FAILED: AWS.SimpleQueueService.KmsAccessDenied' });
  });

  it('does not fall back when SQS refuses for another reason (a task already running)', async () => {
    sqs.on(StartMessageMoveTaskCommand).rejects(Object.assign(new Error('There is already a task running.'), { name: 'ResourceNotFoundException' }));
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '5' } });
    await expect(redrive(new SqsRedriveQueues(new SQSClient({ region: 'eu-west-1' }), queues), options())).rejects.toThrow(/already a task/);
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });
});
