import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../src/App';
import { ApiError } from '../src/api/api-client';
import type { MetricType } from '../src/api/contract';
import { readToken, takeTokenFromHash } from '../src/auth/token-store';
import { createFakeApi, type Answer, type FakeApi, type Route } from './support/fake-api';
import { savedText, type SavedFile } from './support/render-panel';
import { DATA, envelope, submissionsEnvelope, SUBMISSIONS, tokenWith } from './support/fixtures';

const METRICS = Object.keys(DATA) as MetricType[];

function answeringEverything(extra: Partial<Record<Route, Answer>> = {}): FakeApi {
  const answers: Partial<Record<Route, Answer>> = {};
  for (const metric of METRICS) answers[metric] = async (query) => envelope(metric, DATA[metric], query.range ? { range: query.range as '7d' } : {});
  answers.submissions = async () => submissionsEnvelope();
  return createFakeApi({ ...answers, ...extra });
}

function renderApp(api: FakeApi, saved: SavedFile[] = []) {
  return render(<App apiBaseUrl="http://api.invalid" createApi={() => api} loadChartEngine={null} locale="en-US" storage={sessionStorage} saveFile={(name, content) => void saved.push({ name, content })} />);
}

beforeEach(() => {
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('Signing in', () => {
  it('keeps a pasted token in session storage, never in the URL, and shows the dashboard', async () => {
    // Prepare
    const token = tokenWith({ scope: 'analytics:read' });
    renderApp(answeringEverything());

    // Act
    fireEvent.change(screen.getByLabelText('Access token'), { target: { value: token } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy();
    expect(readToken()).toBe(token);
    expect(window.location.href).not.toContain(token);
    expect(screen.getByTestId('tenant').textContent).toBe('FOS402334');
  });

  it('refuses something that is not a token, and an expired token, with a message', () => {
    renderApp(answeringEverything());

    fireEvent.change(screen.getByLabelText('Access token'), { target: { value: 'not-a-jwt' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert').textContent).toMatch(/does not look like an access token/);

    fireEvent.change(screen.getByLabelText('Access token'), { target: { value: tokenWith({ exp: 1_000 }) } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert').textContent).toMatch(/expired/);
    expect(readToken()).toBeNull();
  });

  it('takes a one-time #token= hand-off and removes it from the address bar', () => {
    // Prepare
    const token = tokenWith({});
    window.history.replaceState(null, '', `/?page=forms&range=30d#token=${token}`);

    // Act
    const taken = takeTokenFromHash();

    // Assess
    expect(taken).toBe(true);
    expect(readToken()).toBe(token);
    expect(window.location.hash).toBe('');
    expect(window.location.search).toBe('?page=forms&range=30d');
  });

  it('signs out: the token is forgotten and the sign-in screen returns', async () => {
    sessionStorage.setItem('picasso.dashboard.token', tokenWith({}));
    renderApp(answeringEverything());

    const signOut = await screen.findByRole('button', { name: 'Sign out' });
    await act(async () => fireEvent.click(signOut));

    expect(readToken()).toBeNull();
    expect(screen.getByLabelText('Access token')).toBeTruthy();
    expect(screen.getByText('You have signed out.')).toBeTruthy();
  });

  it('goes back to the sign-in screen when the API rejects the token (401) and the user chooses to sign in again', async () => {
    sessionStorage.setItem('picasso.dashboard.token', tokenWith({}));
    renderApp(answeringEverything({ analytics_summary: async () => Promise.reject(new ApiError('unauthorized', 'token revoked', 401)) }));

    const alert = await screen.findByRole('alert');
    await act(async () => fireEvent.click(within(alert).getByRole('button', { name: 'Sign in again' })));

    expect(readToken()).toBeNull();
    expect(screen.getByLabelText('Access token')).toBeTruthy();
  });
});

describe('The view lives in the URL', () => {
  it('opens the page and range named in the query string', async () => {
    sessionStorage.setItem('picasso.dashboard.token', tokenWith({}));
    window.history.replaceState(null, '', '/?page=conversations&range=30d');
    const api = answeringEverything();

    renderApp(api);

    expect(await screen.findByRole('heading', { level: 1, name: 'Conversations' })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('panel-conversations-summary').getAttribute('data-state')).toBe('data'));
    expect(screen.getByTestId('range-30d').getAttribute('aria-pressed')).toBe('true');
    // The summary card and the trend share one request for the previous period.
    expect(api.requests.map((r) => r.route).sort()).toEqual(['conversations_heatmap', 'conversations_summary', 'conversations_trend', 'period_comparison', 'top_questions']);
    expect(api.requests.every((r) => r.query.range === '30d')).toBe(true);
  });

  it('writes page and range changes to the URL and refetches for the new range', async () => {
    // Prepare
    sessionStorage.setItem('picasso.dashboard.token', tokenWith({}));
    const api = answeringEverything();
    renderApp(api);
    await screen.findByRole('heading', { level: 1, name: 'Overview' });

    // Act
    fireEvent.click(screen.getByTestId('nav-forms'));
    fireEvent.click(screen.getByTestId('range-90d'));

    // Assess
    expect(window.location.search).toBe('?page=forms&range=90d');
    expect(screen.getByRole('heading', { level: 1, name: 'Forms' })).toBeTruthy();
    await waitFor(() => expect(api.requests.some((r) => r.route === 'forms_summary' && r.query.range === '90d')).toBe(true));
    expect(screen.getByTestId('nav-forms').getAttribute('aria-current')).toBe('page');
  });

  it('applies a custom date range and rejects an inverted one', async () => {
    sessionStorage.setItem('picasso.dashboard.token', tokenWith({}));
    const api = answeringEverything();
    renderApp(api);
    await screen.findByRole('heading', { level: 1, name: 'Overview' });

    fireEvent.change(screen.getByTestId('range-start'), { target: { value: '2026-11-10' } });
    fireEvent.change(screen.getByTestId('range-end'), { target: { value: '2026-11-01' } });
    fireEvent.click(screen.getByTestId('range-apply'));
    expect(screen.getByText('The start date must be on or before the end date.')).toBeTruthy();
    expect(window.location.search).toBe('');

    fireEvent.change(screen.getByTestId('range-start'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByTestId('range-end'), { target: { value: '2026-11-10' } });
    fireEvent.click(screen.getByTestId('range-apply'));

    expect(window.location.search).toBe('?page=overview&start=2026-11-01&end=2026-11-10');
    await waitFor(() => expect(api.requests.some((r) => r.query.start_date === '2026-11-01' && r.query.end_date === '2026-11-10')).toBe(true));
  });
});

describe('Form submissions (PII)', () => {
  it('are never requested and never shown without the pii:read scope', async () => {
    // Prepare
    sessionStorage.setItem('picasso.dashboard.token', tokenWith({ scope: 'analytics:read' }));
    window.history.replaceState(null, '', '/?page=forms&range=7d');
    const api = answeringEverything();

    // Act
    renderApp(api);
    await waitFor(() => expect(screen.getByTestId('panel-forms-summary').getAttribute('data-state')).toBe('data'));

    // Assess
    expect(screen.getByTestId('submissions-no-pii').textContent).toContain('pii:read');
    expect(api.requests.some((r) => r.route === 'submissions' || r.route === 'submissions_csv')).toBe(false);
    expect(within(screen.getByTestId('panel-forms-submissions')).queryByRole('button', { name: /Download CSV/ })).toBeNull();
    // The other panels on the page still offer theirs.
    expect(within(screen.getByTestId('panel-forms-summary')).getByRole('button', { name: 'Download CSV: Forms at a glance' })).toBeTruthy();
    for (const submission of SUBMISSIONS) for (const value of Object.values(submission.form_data)) expect(document.body.textContent).not.toContain(String(value));
  });

  it('are listed with their submitted values for a token with pii:read, page by page', async () => {
    // Prepare: two pages.
    sessionStorage.setItem('picasso.dashboard.token', tokenWith({ scope: 'analytics:read pii:read' }));
    window.history.replaceState(null, '', '/?page=forms&range=7d');
    const [first, second] = SUBMISSIONS;
    const api = answeringEverything({
      submissions: async (query) => (query.next_token === 'page-2' ? submissionsEnvelope({ submissions: [second!], count: 1, next_token: null }) : submissionsEnvelope({ submissions: [first!], count: 1, next_token: 'page-2' })),
    });
    renderApp(api);
    const table = await screen.findByTestId('table-submissions');
    expect(within(table).getByText('Ada Lovelace')).toBeTruthy();
    expect(within(table).getByText('Nov 25, 2026, 9:30 AM')).toBeTruthy(); // 15:30Z in the tenant's zone, America/Chicago

    // Act
    fireEvent.click(screen.getByRole('button', { name: 'Show more submissions' }));

    // Assess
    await waitFor(() => expect(within(screen.getByTestId('table-submissions')).getByText('Grace Hopper')).toBeTruthy());
    expect(within(screen.getByTestId('table-submissions')).getByText('Ada Lovelace')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Show more submissions' })).toBeNull();
    expect(api.requests.filter((r) => r.route === 'submissions').map((r) => r.query)).toEqual([
      { range: '7d', limit: '25' },
      { range: '7d', limit: '25', next_token: 'page-2' },
    ]);
  });

  it('download as the API’s audited CSV for a token with pii:read, saved byte for byte under <tenant>-form-submissions-<start>_<end>.csv', async () => {
    // Prepare
    sessionStorage.setItem('picasso.dashboard.token', tokenWith({ scope: 'analytics:read pii:read' }));
    window.history.replaceState(null, '', '/?page=forms&range=7d');
    const file = '\uFEFFSubmission ID,Form\r\nsub_1,Volunteer application\r\n';
    const api = answeringEverything({ submissions_csv: async () => new Blob([file], { type: 'text/csv' }) });
    const saved: SavedFile[] = [];
    renderApp(api, saved);
    await screen.findByTestId('table-submissions');

    // Act
    fireEvent.click(within(screen.getByTestId('panel-forms-submissions')).getByRole('button', { name: 'Download CSV: Form submissions' }));

    // Assess: the whole range asked of the API (never the pages on screen), the bytes saved as sent.
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(api.requests.filter((r) => r.route === 'submissions_csv')).toEqual([{ route: 'submissions_csv', query: { range: '7d' } }]);
    expect(saved[0]!.name).toBe('FOS402334-form-submissions-2026-11-19_2026-11-25.csv');
    expect(await savedText(saved[0]!)).toBe(file);
  });

  it('say why a refused CSV export was refused and save nothing', async () => {
    sessionStorage.setItem('picasso.dashboard.token', tokenWith({ scope: 'analytics:read pii:read' }));
    window.history.replaceState(null, '', '/?page=forms&range=7d');
    const api = answeringEverything({ submissions_csv: async () => Promise.reject(new ApiError('bad_request', 'this range holds more than 5,000 form submissions, the most one CSV export holds: choose a shorter range', 400)) });
    const saved: SavedFile[] = [];
    renderApp(api, saved);
    await screen.findByTestId('table-submissions');

    fireEvent.click(screen.getByRole('button', { name: 'Download CSV: Form submissions' }));

    expect((await screen.findByTestId('download-csv-error')).textContent).toContain('choose a shorter range');
    expect(saved).toEqual([]);
  });
});
