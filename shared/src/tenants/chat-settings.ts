import { ValidationError } from '../errors';

/** Field kinds a form definition may name; each has its own value check. */
export const FORM_FIELD_TYPES = ['text', 'email', 'phone', 'number', 'date'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export interface ChatFormField {
  name: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  maxLength: number;
}

export interface ChatForm {
  form_id: string;
  title: string;
  fields: ChatFormField[];
}

/**
 * The chat path's reading of a tenant config (`tenants/<id>/<id>-config.json`): the seed's
 * fields plus an optional `chat` section. Read by the master function (widget config, forms)
 * and the streaming handler (prompt, model, Knowledge Base).
 */
export interface TenantChatSettings {
  tenantId: string;
  tenantHash: string;
  name: string;
  greeting: string;
  forms: ChatForm[];
  /** Browser origins the widget may run on (CORS). */
  allowedOrigins: string[];
  systemPrompt: string;
  /** Bedrock model id; undefined means the deployment's default. */
  modelId: string | undefined;
  /** Bedrock Knowledge Base id; undefined means answer without retrieval. */
  knowledgeBaseId: string | undefined;
}

const DEFAULT_MAX_LENGTH = 2000;

/**
 * A seed form lists field names only (`"fields": ["first_name", "email"]`): such a field is
 * optional and its type follows its name (an `email` field must look like an address). An object
 * field (`{ "name", "label", "type", "required", "max_length" }`) says it all itself.
 */
function fieldOf(raw: unknown, formId: string): ChatFormField {
  if (typeof raw === 'string') {
    const type: FormFieldType = /e-?mail/i.test(raw) ? 'email' : /phone/i.test(raw) ? 'phone' : 'text';
    return { name: raw, label: raw.replace(/_/g, ' '), type, required: false, maxLength: DEFAULT_MAX_LENGTH };
  }
  const f = (raw ?? {}) as Record<string, unknown>;
  if (typeof f.name !== 'string' || !f.name) throw new ValidationError(`form ${formId} has a field without a name`);
  const type = FORM_FIELD_TYPES.includes(f.type as FormFieldType) ? (f.type as FormFieldType) : 'text';
  const maxLength = typeof f.max_length === 'number' && f.max_length > 0 ? Math.min(f.max_length, DEFAULT_MAX_LENGTH) : DEFAULT_MAX_LENGTH;
  return { name: f.name, label: typeof f.label === 'string' ? f.label : f.name, type, required: f.required === true, maxLength };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Reads the chat settings of a parsed tenant config; throws `ValidationError` when it has no tenant ids. */
export function chatSettingsOf(config: Record<string, unknown>): TenantChatSettings {
  const tenantId = str(config.tenant_id);
  const tenantHash = str(config.tenant_hash);
  if (!tenantId || !tenantHash) throw new ValidationError('tenant config has no tenant_id and tenant_hash');
  const chat = (typeof config.chat === 'object' && config.chat !== null ? config.chat : {}) as Record<string, unknown>;
  const name = str(config.name) ?? tenantId;
  const forms = (Array.isArray(config.forms) ? config.forms : []).map((raw: unknown) => {
    const f = raw as Record<string, unknown>;
    const formId = str(f.form_id) ?? '';
    return { form_id: formId, title: str(f.title) ?? formId, fields: (Array.isArray(f.fields) ? f.fields : []).map((x: unknown) => fieldOf(x, formId)) };
  });
  return {
    tenantId,
    tenantHash,
    name,
    greeting: str(chat.greeting) ?? `Hi! I'm the ${name} assistant. How can I help?`,
    forms: forms.filter((f) => f.form_id),
    allowedOrigins: Array.isArray(chat.allowed_origins) ? chat.allowed_origins.filter((o): o is string => typeof o === 'string') : [],
    systemPrompt: str(chat.system_prompt) ?? `You are the assistant of ${name}. Answer from the passages given; say so when they do not contain the answer.`,
    modelId: str(chat.model_id),
    knowledgeBaseId: str(chat.knowledge_base_id),
  };
}

/** Port: a tenant's chat settings, by internal id or public hash; `null` when unknown. */
export interface ChatSettingsSource {
  byTenantId(tenantId: string): Promise<TenantChatSettings | null>;
  byTenantHash(tenantHash: string): Promise<TenantChatSettings | null>;
}

interface Cached {
  value: TenantChatSettings | null;
  expiresAt: number;
}

/**
 * Chat settings read from the tenant directory and kept per execution environment for `ttlMs`
 * (unknown tenants too, so a flood of bad hashes costs one read each per TTL). Concurrent reads
 * of one key share one request.
 */
export class CachedChatSettings implements ChatSettingsSource {
  private readonly entries = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<TenantChatSettings | null>>();

  constructor(
    private readonly directory: {
      findMapping(tenantHash: string): Promise<{ tenant_id: string } | null>;
      findConfig(tenantId: string): Promise<object | null>;
    },
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  byTenantId(tenantId: string): Promise<TenantChatSettings | null> {
    return this.cached(`id:${tenantId}`, async () => {
      const config = await this.directory.findConfig(tenantId);
      return config ? chatSettingsOf(config as Record<string, unknown>) : null;
    });
  }

  byTenantHash(tenantHash: string): Promise<TenantChatSettings | null> {
    return this.cached(`hash:${tenantHash}`, async () => {
      const mapping = await this.directory.findMapping(tenantHash);
      return mapping ? this.byTenantId(mapping.tenant_id) : null;
    });
  }

  private cached(key: string, read: () => Promise<TenantChatSettings | null>): Promise<TenantChatSettings | null> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return Promise.resolve(hit.value);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const p = read()
      .then((value) => {
        this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }
}
