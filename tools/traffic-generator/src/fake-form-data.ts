import type { Random } from './prng';

/**
 * Obviously fake personal data for form submissions: placeholder names, `@example.org`
 * addresses (RFC 2606 reserves the domain) and 555-01xx numbers (reserved for fiction).
 */
const FIRST_NAMES = ['Test', 'Sample', 'Demo', 'Jamie', 'Alex', 'Robin', 'Casey', 'Jordan', 'Morgan', 'Taylor', 'Riley', 'Avery'];
const LAST_NAMES = ['Placeholder', 'Example', 'Fictional', 'Sampleton', 'Demoson', 'Testwood', 'Mockridge', 'Dummyford'];

function fieldValue(field: string, person: { first: string; last: string; n: number }, random: Random): string {
  switch (field) {
    case 'first_name':
      return person.first;
    case 'last_name':
      return person.last;
    case 'name':
      return `${person.first} ${person.last}`;
    case 'email':
      return `${person.first}.${person.last}.${person.n}@example.org`.toLowerCase();
    case 'phone':
      return `(${random.pick(['206', '312', '404', '512', '619'])}) 555-01${String(random.int(0, 99)).padStart(2, '0')}`;
    case 'dob':
      return `19${random.int(60, 99)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    case 'zip':
      return `${random.int(10000, 99999)}`;
    case 'household_size':
      return String(random.int(1, 7));
    case 'amount':
      return String(random.pick([25, 50, 100, 250, 500]));
    case 'availability':
      return random.pick(['Weekday mornings', 'Weekday evenings', 'Weekends', 'Flexible']);
    case 'shift_preference':
      return random.pick(['Morning', 'Afternoon', 'Evening']);
    case 'interests':
      return random.pick(['Tutoring', 'Events', 'Driving', 'Sorting donations', 'Mentoring']);
    case 'background_check':
      return random.pick(['yes', 'no']);
    case 'donation_type':
      return random.pick(['Clothing', 'Furniture', 'Toys', 'Food', 'Money']);
    case 'pickup_date':
      return `2026-0${random.int(1, 9)}-1${random.int(0, 9)}`;
    case 'dietary_needs':
      return random.pick(['None', 'Vegetarian', 'Gluten free', 'Diabetic']);
    default:
      return `Sample answer for ${field.replace(/_/g, ' ')}`;
  }
}

/** A fake value for every field of a form, as the visitor would have typed it. */
export function fakeFormData(fields: readonly string[], random: Random): Record<string, string> {
  const person = { first: random.pick(FIRST_NAMES), last: random.pick(LAST_NAMES), n: random.int(1, 9999) };
  return Object.fromEntries(fields.map((f) => [f, fieldValue(f, person, random)]));
}
