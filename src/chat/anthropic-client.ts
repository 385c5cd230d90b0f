import Anthropic, { AnthropicError, APIConnectionError, APIError } from '@anthropic-ai/sdk';
import type { Config } from '../config';

// A customer is waiting in a chat widget: better a clear "try again" than a minute of spinner.
export const LLM_REQUEST_TIMEOUT_MS = 30_000;
// One quick retry rides out a blip (429/5xx/529); more would keep the customer waiting too long.
export const LLM_MAX_RETRIES = 1;

export interface ChatModel {
  client: Anthropic;
  model: string;
}

export interface ChatModelOptions {
  timeoutMs?: number;
  maxRetries?: number;
}

type ModelConfig = Pick<Config, 'ANTHROPIC_API_KEY' | 'ANTHROPIC_BASE_URL' | 'ANTHROPIC_MODEL'>;

/** The Messages API client, or undefined when no key is configured (the chat then answers 503). */
export function createChatModel(config: ModelConfig, options: ChatModelOptions = {}): ChatModel | undefined {
  if (!config.ANTHROPIC_API_KEY) return undefined;
  const client = new Anthropic({
    apiKey: config.ANTHROPIC_API_KEY,
    // null, not undefined: the SDK would otherwise read the environment itself (STYLE.md habit 6).
    baseURL: config.ANTHROPIC_BASE_URL ?? null,
    timeout: options.timeoutMs ?? LLM_REQUEST_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? LLM_MAX_RETRIES,
  });
  return { client, model: config.ANTHROPIC_MODEL };
}

/** Transient trouble (timeouts, network, 429, 5xx, 529 overloaded) rather than a mistake of ours. */
export function isTransientModelError(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof APIError) || error.status === undefined) return false;
  return error.status === 408 || error.status === 429 || error.status >= 500;
}

/** Any failure of the Messages API itself (as opposed to our own code or database). */
export function isModelError(error: unknown): error is AnthropicError {
  return error instanceof AnthropicError;
}
