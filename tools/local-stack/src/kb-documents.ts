import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** One Knowledge Base source document: Markdown, as a tenant would upload it. */
export interface KnowledgeBaseDocument {
  /** File name without extension, e.g. `volunteering`. */
  name: string;
  markdown: string;
}

/** Prefix of a tenant's Knowledge Base documents in the config bucket. */
export const kbDocumentPrefix = (tenantId: string) => `tenants/${tenantId}/kb/`;
/** Key of one Knowledge Base document in the config bucket. */
export const kbDocumentKey = (tenantId: string, name: string) => `${kbDocumentPrefix(tenantId)}${name}.md`;

/** Writes a tenant's Knowledge Base documents into the config bucket. */
export async function seedKnowledgeBaseDocuments(s3: S3Client, configBucket: string, tenantId: string, documents: readonly KnowledgeBaseDocument[]): Promise<void> {
  await Promise.all(
    documents.map((d) =>
      s3.send(new PutObjectCommand({ Bucket: configBucket, Key: kbDocumentKey(tenantId, d.name), Body: d.markdown, ContentType: 'text/markdown; charset=utf-8' })),
    ),
  );
}

/** A handful of realistic documents per demo tenant (keyed by `tenant_id`). */
export const DEMO_KB_DOCUMENTS: Record<string, KnowledgeBaseDocument[]> = {
  FOS402334: [
    {
      name: 'volunteering',
      markdown: `# Volunteering at Foster Village Austin

Volunteers must be at least 18 years old and complete a background check before working with children.
The background check is free for volunteers and usually takes five to seven business days.

## Getting started
To start volunteering, fill out the Volunteer Interest Form and attend a 90-minute orientation session.
Orientation sessions are held on the first Saturday of every month at 10 AM at our Austin resource center.

## Roles
Volunteers can help in the resource center, sort donated clothing, mentor foster youth, or drive families to appointments.
Mentors commit to at least four hours per month for one year.`,
    },
    {
      name: 'donations',
      markdown: `# Donations

We accept new or gently used clothing, car seats that are less than five years old, diapers, and school supplies.
Donations can be dropped off at the resource center Monday through Friday between 9 AM and 5 PM.
For large donations such as furniture, submit a Donation Request and we will schedule a pickup within two weeks.
Monetary donations are tax-deductible, and you will receive a receipt by email.
We cannot accept used mattresses, cribs made before 2011, or opened food.`,
    },
    {
      name: 'hours-and-location',
      markdown: `# Hours and location

The Foster Village resource center is open Monday through Friday from 9 AM to 5 PM.
We are closed on weekends and on federal holidays, except for the monthly volunteer orientation.
The resource center is at 4700 Grover Avenue, Austin, Texas, with free parking behind the building.
You can reach our staff by phone at (512) 555-0142 during business hours.`,
    },
    {
      name: 'services',
      markdown: `# Services for foster families

Foster families can shop the resource center for free clothing, toys, and baby gear once a month.
We provide welcome boxes with toiletries and pajamas for children entering a new placement.
Our family support team offers respite care referrals and monthly support groups for foster parents.
Kinship caregivers are eligible for every service we offer.`,
    },
  ],
  ATL120045: [
    {
      name: 'becoming-a-mentor',
      markdown: `# Becoming a mentor

Mentors must be at least 21 years old and pass an enhanced DBS check.
Mentors meet their mentee every week for at least one hour, for a minimum of twelve months.
To apply, complete the Become a Mentor form and provide two references who are not family members.
After your application, we invite you to a two-hour training session held online every other Wednesday evening.`,
    },
    {
      name: 'programmes',
      markdown: `# Our programmes

Atlas Youth Mentoring pairs young people aged 11 to 18 with trained volunteer mentors.
Our homework club runs on Tuesday and Thursday afternoons at the Brixton youth centre.
The careers programme offers work-experience placements with partner employers during school holidays.`,
    },
    {
      name: 'donations',
      markdown: `# Supporting us

Donations fund mentor training, activity costs and travel for young people.
You can give once or monthly on our website, and Gift Aid adds 25 percent to donations from UK taxpayers.
Companies can sponsor a mentoring pair for one year for 1,200 pounds.`,
    },
    {
      name: 'hours-and-contact',
      markdown: `# Opening hours and contact

Our office is open Monday to Friday from 8:30 AM to 5:30 PM UK time.
The office is at 12 Coldharbour Lane, London, and the nearest station is Brixton.
You can email hello@atlas-mentoring.example or call 020 7946 0321 during opening hours.`,
    },
  ],
  SEA778812: [
    {
      name: 'food-assistance',
      markdown: `# Getting food assistance

Any household in Seaside County can receive groceries once a week, and no proof of income is required.
Bring a photo ID or a piece of mail with your address to your first visit.
You can request a home delivery with the Food Assistance Request form if you are over 65 or have a disability.
We offer vegetarian, gluten-free and halal options; tell us your dietary needs when you register.`,
    },
    {
      name: 'hours-and-location',
      markdown: `# Hours and location

The food bank is open Monday through Saturday from 10 AM to 6 PM.
Our warehouse and pantry are at 88 Harbor Road, Seaside, California.
Grocery distribution ends 30 minutes before closing time.
We are closed on Sundays and on Thanksgiving, Christmas and New Year's Day.`,
    },
    {
      name: 'volunteering',
      markdown: `# Volunteering

Volunteers sort donated food, pack grocery boxes and help at the distribution counter.
Shifts last three hours and run in the morning, afternoon or on Saturday.
Volunteers must be at least 14 years old, and volunteers under 18 need a signed parental consent form.
Groups of up to 15 people can book a shift together by signing up online.`,
    },
    {
      name: 'donations',
      markdown: `# Donating food or money

We accept non-perishable food that is unopened and within its best-before date.
Fresh produce from local gardens is welcome on weekday mornings.
Every dollar donated provides three meals through our partnership with regional farms.
Food donations can be dropped off at the warehouse door during opening hours.`,
    },
  ],
};
