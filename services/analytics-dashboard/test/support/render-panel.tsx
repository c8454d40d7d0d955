import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { TokenClaims } from '../../src/auth/token-store';
import { DashboardContext, type DashboardServices } from '../../src/dashboard-context';
import { createFormatters } from '../../src/view/formatting';
import type { FakeApi } from './fake-api';

/** Renders a panel inside the dashboard services, charts as text alternatives only (jsdom has no canvas). */
export function renderWithServices(ui: ReactElement, api: FakeApi, options: { claims?: TokenClaims | null; signOut?: (reason?: string) => void } = {}) {
  const services: DashboardServices = {
    api,
    format: createFormatters('en-US'),
    claims: options.claims ?? { tenant_id: 'FOS402334', scope: 'analytics:read' },
    signOut: options.signOut ?? (() => {}),
    loadChartEngine: null,
    tenantTimeZone: 'America/Chicago',
    reportTenantTimeZone: () => {},
  };
  return render(<DashboardContext.Provider value={services}>{ui}</DashboardContext.Provider>);
}
