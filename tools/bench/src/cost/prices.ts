/**
 * AWS list prices the cost model uses: us-east-1, on-demand, no free tier, first volume tier.
 * Transcribed from the public pricing pages below; this machine cannot reach them, so re-check
 * them there before quoting a figure (and bump `asOf` when you do):
 *   S3:              https://aws.amazon.com/s3/pricing/ (Standard storage, PUT/COPY/POST/LIST, GET)
 *   Athena:          https://aws.amazon.com/athena/pricing/ (SQL queries: per TB scanned, 10 MB minimum per query, rounded up to the MB)
 *   DynamoDB:        https://aws.amazon.com/dynamodb/pricing/on-demand/ (write/read request units, Standard table storage; the November 2024 price cut)
 *   Lambda:          https://aws.amazon.com/lambda/pricing/ (Arm, first 6 billion GB-seconds; requests)
 *   SQS:             https://aws.amazon.com/sqs/pricing/ (standard queue; every 64 KB chunk of a payload is one request)
 *   CloudWatch Logs: https://aws.amazon.com/cloudwatch/pricing/ (Logs, ingestion, Standard class, first tier)
 *   EventBridge:     https://aws.amazon.com/eventbridge/pricing/ (Scheduler invocations; rules on the default bus are free)
 */
export interface AwsPrices {
  asOf: string;
  region: string;
  s3StandardPerGbMonth: number;
  s3PutPer1000: number;
  s3GetPer1000: number;
  /** LIST is billed with PUT, COPY and POST. */
  s3ListPer1000: number;
  athenaPerTbScanned: number;
  athenaMinimumBytesPerQuery: number;
  dynamoDbPerMillionWriteUnits: number;
  dynamoDbPerMillionReadUnits: number;
  dynamoDbStoragePerGbMonth: number;
  lambdaArmPerGbSecond: number;
  lambdaPerMillionRequests: number;
  sqsStandardPerMillionRequests: number;
  sqsBytesPerBilledRequest: number;
  cloudWatchLogsIngestionPerGb: number;
  eventBridgeSchedulerPerMillionInvocations: number;
  /** A scheduled `aws_cloudwatch_event_rule` on the default bus (what terraform/modules/schedule creates). */
  eventBridgeScheduledRulePerMillion: number;
}

export const AWS_PRICES_US_EAST_1: AwsPrices = {
  asOf: '2025-12-01',
  region: 'us-east-1',
  s3StandardPerGbMonth: 0.023,
  s3PutPer1000: 0.005,
  s3GetPer1000: 0.0004,
  s3ListPer1000: 0.005,
  athenaPerTbScanned: 5,
  athenaMinimumBytesPerQuery: 10 * 1024 * 1024,
  dynamoDbPerMillionWriteUnits: 0.625,
  dynamoDbPerMillionReadUnits: 0.125,
  dynamoDbStoragePerGbMonth: 0.25,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  sqsStandardPerMillionRequests: 0.4,
  sqsBytesPerBilledRequest: 64 * 1024,
  cloudWatchLogsIngestionPerGb: 0.5,
  eventBridgeSchedulerPerMillionInvocations: 1,
  eventBridgeScheduledRulePerMillion: 0,
};
