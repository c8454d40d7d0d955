import { zipfWeights, type Random } from './prng';

/**
 * What visitors ask a nonprofit's chat widget, most common first. Drawn with Zipf weights, so a
 * handful of questions dominate the top-questions metric and a long tail follows.
 */
export const QUESTIONS: readonly string[] = [
  'How can I volunteer?',
  'What are your hours?',
  'How do I make a donation?',
  'Where are you located?',
  'Do you have any volunteer opportunities this weekend?',
  'Is my donation tax deductible?',
  'How do I become a foster parent?',
  'Can I donate clothes or furniture?',
  'Do I need a background check to volunteer?',
  'How old do I have to be to volunteer?',
  'Can my company sponsor an event?',
  'Do you offer food assistance?',
  'How do I sign up for the newsletter?',
  'Who do I contact about an internship?',
  'Can I volunteer as a group?',
  'What documents do I need to apply for assistance?',
  'Are you hiring?',
  'How is my donation used?',
  'Can I set up a monthly donation?',
  'Do you accept donations of canned food?',
  'Is there parking at your office?',
  'How long does the mentor application take?',
  'Can I get a receipt for my donation?',
  'Do you have programs for teenagers?',
  'What is the minimum time commitment for mentors?',
  'Do you offer services in Spanish?',
  'How do I cancel my recurring donation?',
  'Can I drop off donations after hours?',
  'What COVID precautions do you take?',
  'How do I update my volunteer availability?',
  'Are pets allowed at the volunteer events?',
  'How can I request a speaker for my school?',
  'Do you partner with churches?',
  'What happens after I submit the volunteer form?',
  'Can I volunteer remotely?',
  'How do I report a problem with a pickup?',
  'Do you need drivers?',
  'Can I donate stock or crypto?',
  'Who can I talk to about a grant?',
  'Is there a waiting list for services?',
];

/**
 * Questions that carry contact details (fake: `@example.org` and 555 numbers), so the
 * processor's redaction of `content_preview` is exercised by ordinary traffic.
 */
export const QUESTIONS_WITH_CONTACT_DETAILS: readonly string[] = [
  'Can someone email me at jamie.placeholder@example.org about volunteering?',
  'Please call me back at (512) 555-0142 about a donation pickup',
  'My email is test.visitor+foster@example.org, can you send me the foster parent info?',
  'I tried calling 555-867-5309 but nobody answered, are you open today?',
];

/**
 * Questions with emoji (outside the Basic Multilingual Plane, and one with a joiner sequence), so
 * the chat path's counts, truncation and redaction meet real widget input. Used by the chat mode.
 */
export const QUESTIONS_WITH_EMOJI: readonly string[] = [
  'Can I volunteer with my dog? 🐶',
  'Thank you so much!! 🙏❤️ how do I donate again?',
  'Do you need help at the food drive this Saturday? 🥫🍞',
  'Is the family event kid friendly? 👨‍👩‍👧 we have a toddler',
];

const ANSWERS: readonly string[] = [
  'Thanks for asking! You can find all the details on our website, and I can walk you through the first steps.',
  'Great question. Here is what you need to know, based on our program guide.',
  'We would love to help. Our team usually replies within one business day.',
  'Yes! Let me share the options that are available right now.',
  'I can help with that. You can start by filling in a short form right here in the chat.',
  'Our office is open Monday to Friday. Here are the details for this week.',
];

const zipf = zipfWeights(QUESTIONS.length, 1.1);

/** Share of messages with contact details in them. */
const CONTACT_DETAILS_SHARE = 0.02;

/**
 * Writes a question the way people type it: mostly as listed, sometimes lower-case without
 * punctuation, shouted, with doubled punctuation or stray spaces. The top-questions metric
 * must normalise these back to one question.
 */
export function typeLikeAPerson(question: string, random: Random): string {
  const r = random.next();
  if (r < 0.65) return question;
  if (r < 0.8) return question.toLowerCase().replace(/[?.!]+$/, '');
  if (r < 0.86) return question.toUpperCase();
  if (r < 0.93) return question.replace(/\?$/, '??');
  return `  ${question.replace(/\?$/, ' ?')} `;
}

/** One visitor question: Zipf-weighted from the pool, typed with human variation. */
export function drawQuestion(random: Random): string {
  if (random.chance(CONTACT_DETAILS_SHARE)) return random.pick(QUESTIONS_WITH_CONTACT_DETAILS);
  return typeLikeAPerson(QUESTIONS[random.weightedIndex(zipf)]!, random);
}

/** The start of an assistant answer (the preview the widget shows). */
export function drawAnswer(random: Random): string {
  return random.pick(ANSWERS);
}
