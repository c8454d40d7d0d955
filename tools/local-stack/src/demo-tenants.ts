import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mappingKey, tenantConfigKey, type TenantConfig } from '@picasso/shared';
import { DEMO_KB_DOCUMENTS, seedKnowledgeBaseDocuments } from './kb-documents';

/**
 * The chat section of a tenant config: the Bedrock model, Knowledge Base and system prompt the
 * streaming handler uses. The Knowledge Base emulator maps a `knowledge_base_id` to its tenant.
 */
export interface DemoChatSection {
  knowledge_base_id: string;
  model_id: string;
  system_prompt: string;
}

export type DemoTenantConfig = TenantConfig & { chat: DemoChatSection };

/** The model every demo tenant uses (any id works with the local emulator). */
export const DEMO_MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';
const demoPrompt = (name: string) =>
  `You are the friendly assistant of ${name}. Answer the visitor's question only from the passages provided; if they do not contain the answer, say you don't know and suggest contacting the team.`;

/** Three demo tenants. The first is the seed's example tenant, so the seed's events resolve. */
export const DEMO_TENANTS: DemoTenantConfig[] = [
  {
    tenant_id: 'FOS402334',
    tenant_hash: 'fo85e6a06dcdf4',
    name: 'Foster Village Austin',
    timezone: 'America/Chicago',
    business_hours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    chat: { knowledge_base_id: 'KBFOS40233', model_id: DEMO_MODEL_ID, system_prompt: demoPrompt('Foster Village Austin') },
    forms: [
      { form_id: 'volunteer_interest', title: 'Volunteer Interest Form', fields: ['first_name', 'last_name', 'email', 'phone', 'availability', 'interests', 'background_check', 'comments'] },
      { form_id: 'donation_request', title: 'Donation Request', fields: ['first_name', 'last_name', 'email', 'donation_type', 'amount', 'pickup_date'] },
      { form_id: 'contact_form', title: 'Contact Us', fields: ['name', 'email', 'message'] },
    ],
  },
  {
    tenant_id: 'ATL120045',
    tenant_hash: 'at3c9d0e21b7a5',
    name: 'Atlas Youth Mentoring',
    timezone: 'Europe/London',
    business_hours: { start: '08:30', end: '17:30', days: [1, 2, 3, 4, 5] },
    chat: { knowledge_base_id: 'KBATL12004', model_id: DEMO_MODEL_ID, system_prompt: demoPrompt('Atlas Youth Mentoring') },
    forms: [
      { form_id: 'mentor_application', title: 'Become a Mentor', fields: ['first_name', 'last_name', 'email', 'phone', 'dob', 'references', 'motivation'] },
      { form_id: 'contact_form', title: 'Contact Us', fields: ['name', 'email', 'message'] },
    ],
  },
  {
    tenant_id: 'SEA778812',
    tenant_hash: 'se7f1b2c4d9e03',
    name: 'Seaside Food Bank',
    timezone: 'America/Los_Angeles',
    business_hours: { start: '10:00', end: '18:00', days: [1, 2, 3, 4, 5, 6] },
    chat: { knowledge_base_id: 'KBSEA77881', model_id: DEMO_MODEL_ID, system_prompt: demoPrompt('Seaside Food Bank') },
    forms: [
      { form_id: 'food_assistance', title: 'Food Assistance Request', fields: ['name', 'household_size', 'zip', 'phone', 'dietary_needs'] },
      { form_id: 'volunteer_interest', title: 'Volunteer Sign-up', fields: ['name', 'email', 'shift_preference'] },
    ],
  },
];

/**
 * Writes tenant configs and `tenant_hash` → `tenant_id` mappings in the seed's S3 layout, and the
 * Knowledge Base documents of the demo tenants among them.
 */
export async function seedTenants(s3: S3Client, configBucket: string, tenants: TenantConfig[] = DEMO_TENANTS): Promise<void> {
  await Promise.all(
    tenants.flatMap((t) => [
      seedKnowledgeBaseDocuments(s3, configBucket, t.tenant_id, DEMO_KB_DOCUMENTS[t.tenant_id] ?? []),
      s3.send(new PutObjectCommand({ Bucket: configBucket, Key: tenantConfigKey(t.tenant_id), Body: JSON.stringify(t, null, 2), ContentType: 'application/json' })),
      s3.send(
        new PutObjectCommand({
          Bucket: configBucket,
          Key: mappingKey(t.tenant_hash),
          Body: JSON.stringify({ tenant_id: t.tenant_id, tenant_hash: t.tenant_hash }),
          ContentType: 'application/json',
        }),
      ),
    ]),
  );
}
