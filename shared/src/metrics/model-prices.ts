/**
 * Bedrock model prices for token cost (docs/metrics.md, "Token usage and cost";
 * docs/decisions.md §35). List on-demand prices for us-east-1 in USD per 1 million tokens, as
 * remembered on each entry's `from` date: verify them against the AWS price list
 * (https://aws.amazon.com/bedrock/pricing/) before relying on a figure.
 *
 * A price applies from its `from` date (UTC) onward, until a later entry of the same model: a
 * price change is a NEW entry with its own date, never an edit of an old one, so past figures
 * keep the price that held on their day. A reply is priced by the UTC day it was answered on.
 * Bedrock answers under a cross-region inference profile id (`us.anthropic.…`) at the same list
 * price as the model id, so both ids are listed.
 */

export interface ModelPrice {
  model_id: string;
  /** First UTC day (`YYYY-MM-DD`) this price applies to. */
  from: string;
  /** USD per 1 million input tokens. */
  input_per_million: number;
  /** USD per 1 million output tokens. */
  output_per_million: number;
}

export const PRICE_CURRENCY = 'USD' as const;

/** Costs are served rounded to this many decimals of a US dollar (a millionth: one output token of the cheapest model is 0.00000014). */
export const COST_DECIMALS = 6;

const entry = (from: string, input: number, output: number, ...ids: string[]): ModelPrice[] =>
  ids.flatMap((id) => [id, `us.${id}`]).map((model_id) => ({ model_id, from, input_per_million: input, output_per_million: output }));

/** The table, oldest first. Append; never edit an entry. */
export const MODEL_PRICES: readonly ModelPrice[] = [
  ...entry('2025-01-01', 0.25, 1.25, 'anthropic.claude-3-haiku-20240307-v1:0'),
  ...entry('2025-01-01', 0.8, 4, 'anthropic.claude-3-5-haiku-20241022-v1:0'),
  ...entry(
    '2025-01-01',
    3,
    15,
    'anthropic.claude-3-5-sonnet-20240620-v1:0',
    'anthropic.claude-3-5-sonnet-20241022-v2:0',
    'anthropic.claude-3-7-sonnet-20250219-v1:0',
    'anthropic.claude-sonnet-4-20250514-v1:0',
  ),
  ...entry('2025-01-01', 0.035, 0.14, 'amazon.nova-micro-v1:0'),
  ...entry('2025-01-01', 0.06, 0.24, 'amazon.nova-lite-v1:0'),
  ...entry('2025-01-01', 0.8, 3.2, 'amazon.nova-pro-v1:0'),
];

/**
 * The day the table was last written down (what `token_usage.prices_as_of` reports). The first
 * entries apply from 2025-01-01: these list prices held since before then, and only
 * MESSAGE_RECEIVED 1.1.0 replies (from this change on) carry tokens to price.
 */
export const MODEL_PRICES_AS_OF = '2026-12-02';

/** The price of `modelId` on UTC day `day` (`YYYY-MM-DD`): its latest entry from that day or before; `null` when none. */
export function priceOn(modelId: string, day: string, table: readonly ModelPrice[] = MODEL_PRICES): ModelPrice | null {
  let found: ModelPrice | null = null;
  for (const p of table) if (p.model_id === modelId && p.from <= day && (!found || p.from >= found.from)) found = p;
  return found;
}

/** USD for token counts at a price (unrounded; round the sum, docs/metrics.md). */
export const tokenCost = (price: ModelPrice, inputTokens: number, outputTokens: number) =>
  (inputTokens * price.input_per_million + outputTokens * price.output_per_million) / 1_000_000;
