import { createS3Client } from '@picasso/shared';
import { DEMO_TENANTS, seedTenants, type DemoTenantConfig } from '@picasso/local-stack';
import { startWidgetDemoServer } from 'chat-widget/demo-server';
import type { SystemPart } from './system';

/**
 * The chat widget on a demo host page per demo tenant. Needs the chat services part before it
 * (its `master` URL; the widget learns the streaming URL from `/config`). The pages' origin is
 * added to each demo tenant's `chat.allowed_origins` (as a tenant does for its own site), so the
 * master function's per-tenant CORS lets the widget in; under both spellings of the loopback host.
 */
export const chatWidgetPart: SystemPart = async (ctx) => {
  const masterUrl = ctx.urls?.master;
  if (!masterUrl) return { banner: ['  widget demo pages    not started: no chat services part (master function) in this system'], stop: async () => undefined };
  const site = await startWidgetDemoServer({ tenants: DEMO_TENANTS, masterUrl: masterUrl.replace(/\/+$/, ''), port: ctx.options.widgetDemoPort ?? 0 });
  const port = new URL(site.url).port;
  const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const allowing = DEMO_TENANTS.map((t): DemoTenantConfig & { chat: { allowed_origins: string[] } } => {
    const chat = t.chat as DemoTenantConfig['chat'] & { allowed_origins?: string[] };
    return { ...t, chat: { ...chat, allowed_origins: [...new Set([...(chat.allowed_origins ?? []), ...origins])] } };
  });
  await seedTenants(createS3Client(), ctx.names.configBucket, allowing);
  return {
    banner: ['  widget demo pages    ' + site.url, ...DEMO_TENANTS.map((t) => `                       ${site.pages[t.tenant_hash]}  (${t.name})`)],
    urls: { widgetDemo: site.url, ...Object.fromEntries(DEMO_TENANTS.map((t) => [`widgetDemo:${t.tenant_hash}`, site.pages[t.tenant_hash]!])) },
    stop: () => site.close(),
  };
};
