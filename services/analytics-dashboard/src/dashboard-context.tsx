import { createContext, useContext } from 'react';
import type { DashboardApi } from './api/api-client';
import type { TokenClaims } from './auth/token-store';
import type { ChartEngineLoader } from './charts/chart-engine';
import type { SaveFile } from './export/save-file';
import type { Formatters } from './view/formatting';

/** What every panel needs: the API port, formatters, the signed-in token's claims, how to chart and how to save a file. */
export interface DashboardServices {
  api: DashboardApi;
  format: Formatters;
  claims: TokenClaims | null;
  /** Called when the API rejects the token (401): back to the sign-in screen. */
  signOut(reason?: string): void;
  /** Loads the chart engine lazily; `null` renders charts as their text alternative only. */
  loadChartEngine: ChartEngineLoader | null;
  /** The tenant's IANA time zone once a response has told us (heatmap/trend carry it). */
  tenantTimeZone: string | undefined;
  reportTenantTimeZone(timeZone: string): void;
  /** Hands a downloaded file (a panel's CSV) to the user. */
  saveFile: SaveFile;
}

export const DashboardContext = createContext<DashboardServices | null>(null);

/** The dashboard services; throws when a panel is rendered outside `DashboardContext`. */
export function useDashboard(): DashboardServices {
  const services = useContext(DashboardContext);
  if (!services) throw new Error('useDashboard() needs a <DashboardContext.Provider> above it');
  return services;
}
