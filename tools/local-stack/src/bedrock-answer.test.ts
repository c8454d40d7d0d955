import { composeAnswer, NO_ANSWER, promptPassages, promptQuestion } from './bedrock-answer';
import { searchTerm } from './knowledge-base-search';

const prompt = (system: string, question: string) => ({ system: [system], messages: [{ role: 'user' as const, text: question }] });

describe('composeAnswer', () => {
  it('answers with the passage sentence that covers the question, and its tokens concatenate to it', () => {
    // Prepare
    const p = prompt('Be nice.\n<passage>We are open daily. Donations can be dropped off at the back door. Parking is free.</passage>', 'Where do I drop off donations?');

    // Act
    const answer = composeAnswer(p);

    // Assess
    expect(answer.text).toBe('Donations can be dropped off at the back door.');
    expect(answer.tokens.join('')).toBe(answer.text);
    expect(answer.grounded).toBe(true);
  });

  it('does not answer from instructions outside passage tags', () => {
    expect(composeAnswer(prompt('Donations can be dropped off at the back door.', 'Where do I drop off donations?')).text).toBe(NO_ANSWER);
  });

  it('reads the question from a <question> tag and passages from the user message', () => {
    const p = { system: [], messages: [{ role: 'user' as const, text: '<document>Parking is free behind the building.</document>\n<question>Is parking free?</question>' }] };
    expect(promptPassages(p)).toEqual(['Parking is free behind the building.']);
    expect(promptQuestion(p)).toBe('Is parking free?');
    expect(composeAnswer(p).text).toBe('Parking is free behind the building.');
  });
});

describe('searchTerm', () => {
  it('folds word forms together and drops stop words', () => {
    expect(new Set(['volunteer', 'volunteers', 'volunteering', 'volunteered'].map(searchTerm)).size).toBe(1);
    expect(new Set(['donate', 'donation', 'donations', 'donating'].map(searchTerm)).size).toBe(1);
    expect(searchTerm('dropped')).toBe(searchTerm('drop'));
    expect(['the', 'what', 'your'].map(searchTerm)).toEqual([null, null, null]);
  });
});
