import type { Tool, ToolResultBlockParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';
import type { TenantEntity } from '../db/entities';
import { todayInTimeZone } from '../domain/calendar';
import { formatPrice } from '../domain/money';
import { AppError } from '../errors';
import { ZAvailabilityQuery } from '../schemas/catalog.schema';
import { ZCreateProposalBody, type TProposal } from '../schemas/proposal.schema';
import { createProposal, type ProposalDeps } from '../services/create-proposal';
import { getAvailability } from '../services/get-availability';
import { listCatalog } from '../services/list-catalog';

export interface ChatLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** What a tool may use: set by the server for this turn, never by the model. */
export interface ToolContext {
  deps: ProposalDeps;
  tenant: TenantEntity;
  sessionId: string;
  log: ChatLog;
  /** Proposals book_service made in this turn; the chat answer carries the last one. */
  proposals: TProposal[];
}

interface ChatTool {
  definition: Tool;
  run(context: ToolContext, input: unknown): Promise<unknown>;
}

const ZNoInput = z.strictObject({});
// docs/api.md: the same input as POST /v1/proposals; the session is the server's, never the model's.
const ZBookServiceInput = ZCreateProposalBody.omit({ sessionId: true });

function defineTool<Schema extends z.ZodType>(spec: {
  name: string;
  description: string;
  input: Schema;
  run: (context: ToolContext, input: z.output<Schema>) => Promise<unknown>;
}): ChatTool {
  const { $schema: _dialect, ...inputSchema } = z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' });
  return {
    definition: { name: spec.name, description: spec.description, input_schema: { ...inputSchema, type: 'object' } },
    run: (context, input) => spec.run(context, spec.input.parse(input)),
  };
}

const listServices = defineTool({
  name: 'list_services',
  description: "Lists the business's bookable service packages with their ids, descriptions and prices.",
  input: ZNoInput,
  run: async ({ deps, tenant }) => {
    const catalog = await listCatalog(deps.db, tenant);
    return { ...catalog, packages: catalog.packages.map((pkg) => ({ ...pkg, price: formatPrice(pkg.priceCents, pkg.currency) })) };
  },
});

const checkAvailability = defineTool({
  name: 'check_availability',
  description: 'Tells which dates from `from` to `to` (YYYY-MM-DD, inclusive, at most 92 days) can still be booked.',
  input: ZAvailabilityQuery,
  run: async ({ deps, tenant }, { from, to }) => ({ dates: await getAvailability(deps.db, tenant, from, to) }),
});

const getBusinessHours = defineTool({
  name: 'get_business_hours',
  description: 'Gives the opening hours per weekday (null: closed), the time zone and upcoming closed dates.',
  input: ZNoInput,
  run: async ({ tenant }) => {
    const today = todayInTimeZone(tenant.timezone);
    return {
      timezone: tenant.timezone,
      businessHours: tenant.businessHours,
      closedDates: tenant.blackoutDates.filter((date) => date >= today).sort(),
    };
  },
});

const bookService = defineTool({
  name: 'book_service',
  description:
    'Prepares a booking proposal for a package on a date (YYYY-MM-DD) for the named customer. It does not book: ' +
    'the customer sees the proposal with a Confirm button, and nothing is booked until they press it and pay.',
  input: ZBookServiceInput,
  run: async (context, input) => {
    const proposal = await createProposal(context.deps, context.tenant, { ...input, sessionId: context.sessionId });
    context.proposals.push(proposal);
    // Only what the model needs to talk about it: no proposal, session or tenant ids.
    return {
      status: proposal.status,
      preview: proposal.preview,
      expiresAt: proposal.expiresAt,
      next: 'The customer now sees this proposal with a Confirm button. It is not booked until they press Confirm and pay.',
    };
  },
});

export const CHAT_TOOLS: readonly ChatTool[] = [listServices, checkAvailability, getBusinessHours, bookService];
export const TOOL_DEFINITIONS: Tool[] = CHAT_TOOLS.map((tool) => tool.definition);

/** A message for the model that names what was wrong and nothing internal. */
function describeToolError(name: string, error: unknown, context: ToolContext): string {
  if (error instanceof z.ZodError) {
    const issues = error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    return `Invalid input for ${name}: ${issues.join('; ')}`;
  }
  if (error instanceof AppError && error.status < 500) return error.message;
  if (error instanceof AppError) {
    context.log.warn({ tool: name, code: error.code }, 'chat tool unavailable');
    return `${error.message}. Apologise and suggest trying again in a few minutes.`;
  }
  context.log.error({ tool: name, err: error }, 'chat tool failed');
  return `The ${name} tool failed unexpectedly. Apologise and suggest trying again in a few minutes.`;
}

/** Runs one tool call; every failure becomes an error result the model can explain. */
export async function runToolCall(context: ToolContext, call: Pick<ToolUseBlock, 'id' | 'name' | 'input'>): Promise<ToolResultBlockParam> {
  const tool = CHAT_TOOLS.find((candidate) => candidate.definition.name === call.name);
  if (!tool) return { type: 'tool_result', tool_use_id: call.id, is_error: true, content: `There is no tool named ${call.name}.` };
  try {
    const result = await tool.run(context, call.input);
    return { type: 'tool_result', tool_use_id: call.id, content: JSON.stringify(result) };
  } catch (error) {
    return { type: 'tool_result', tool_use_id: call.id, is_error: true, content: describeToolError(call.name, error, context) };
  }
}
