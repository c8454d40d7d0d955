import type { TenantConfig } from '@picasso/shared';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { shortHash } from './prng';

const ORGANISATIONS = ['Harbor Literacy Project', 'Riverside Animal Rescue', 'Northside Youth League', 'Cedar Hospice Care', 'Open Door Shelter', 'Green Valley Food Pantry', 'Lighthouse Tutoring', 'Summit Veterans Alliance'];
const TIME_ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Australia/Sydney', 'America/Phoenix'];
const HOURS = [
  { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
  { start: '08:00', end: '16:00', days: [1, 2, 3, 4, 5] },
  { start: '10:00', end: '18:00', days: [1, 2, 3, 4, 5, 6] },
];
const FORM_SETS = [
  [
    { form_id: 'volunteer_interest', title: 'Volunteer Interest Form', fields: ['first_name', 'last_name', 'email', 'phone', 'availability', 'interests', 'comments'] },
    { form_id: 'contact_form', title: 'Contact Us', fields: ['name', 'email', 'message'] },
  ],
  [
    { form_id: 'assistance_request', title: 'Request Assistance', fields: ['name', 'phone', 'zip', 'household_size', 'dietary_needs'] },
    { form_id: 'donation_pledge', title: 'Pledge a Donation', fields: ['first_name', 'last_name', 'email', 'amount'] },
  ],
  [
    { form_id: 'mentor_application', title: 'Become a Mentor', fields: ['first_name', 'last_name', 'email', 'phone', 'dob', 'references', 'motivation'] },
    { form_id: 'contact_form', title: 'Contact Us', fields: ['name', 'email', 'message'] },
  ],
];

/**
 * A made-up tenant, the same for the same index in every run (it does not depend on the seed,
 * so traffic of different seeds lands on the same tenants).
 */
export function synthesiseTenant(index: number): TenantConfig {
  const tenantId = `SYN${String(index).padStart(6, '0')}`;
  return {
    tenant_id: tenantId,
    tenant_hash: `sy${shortHash(`tenant:${tenantId}`, 12)}`,
    name: `${ORGANISATIONS[index % ORGANISATIONS.length]} ${Math.floor(index / ORGANISATIONS.length) + 1}`,
    timezone: TIME_ZONES[index % TIME_ZONES.length]!,
    business_hours: HOURS[index % HOURS.length]!,
    forms: FORM_SETS[index % FORM_SETS.length]!,
  };
}

/** The first `count` tenants: the three demo tenants, then synthesised ones. */
export function resolveTenants(count: number): TenantConfig[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`tenant count must be a positive integer, got ${count}`);
  return Array.from({ length: count }, (_, i) => DEMO_TENANTS[i] ?? synthesiseTenant(i));
}
