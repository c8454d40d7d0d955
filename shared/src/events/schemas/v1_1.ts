import { envelopeProperties, envelopeRequired } from './envelope';
import { count, messageId, MESSAGE_RECEIVED_V1 } from './v1';

/*
 * Version 1.1.0 of MESSAGE_RECEIVED: 1.0.0 plus the reply's token usage (from Bedrock's stream
 * `metadata` event) and the reply's `message_id`, so feedback and cost can be tied to a reply.
 * Additive, so 1.0.0 stays valid beside it: readers treat a 1.0.0 reply's tokens as unknown,
 * never as zero (docs/metrics.md, "Token usage and cost"). Published copy:
 * `shared/schemas/events/MESSAGE_RECEIVED/1.1.0.json`.
 */

const v1Payload = MESSAGE_RECEIVED_V1.properties.event_payload;

export const MESSAGE_RECEIVED_V1_1 = {
  $id: 'https://picasso.analytics/events/MESSAGE_RECEIVED/1.1.0.json',
  title: 'MESSAGE_RECEIVED 1.1.0',
  description: 'The assistant finished answering a message (streamed from Bedrock), with the tokens the model read and wrote.',
  type: 'object',
  additionalProperties: false,
  required: envelopeRequired,
  properties: {
    ...envelopeProperties,
    schema_version: { type: 'string', const: '1.1.0' },
    event_type: { type: 'string', const: 'MESSAGE_RECEIVED' },
    event_payload: {
      type: 'object',
      additionalProperties: false,
      required: [...v1Payload.required, 'input_tokens', 'output_tokens'],
      properties: {
        ...v1Payload.properties,
        message_id: messageId,
        input_tokens: count,
        output_tokens: count,
      },
    },
  },
} as const;
