import { TextDecoder } from 'node:util';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { TokenClaims } from '../../src/auth/token-store';
import { DashboardContext, type DashboardServices } from '../../src/dashboard-context';
import { createFormatters } from '../../src/view/formatting';
import type { FakeApi } from './fake-api';

/** A file a panel handed to the user ("Download CSV"), as the browser would have saved it. */
export interface SavedFile {
  name: string;
  content: Blob | string;
}

/**
 * The text of a saved file, byte order mark included: a `Blob` is read as bytes (jsdom's has no
 * `arrayBuffer()`, so through `FileReader`) and decoded keeping the BOM.
 */
export async function savedText(file: SavedFile): Promise<string> {
  if (typeof file.content === 'string') return file.content;
  const blob = file.content;
  const bytes = await new Promise<ArrayBuffer>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(bytes));
}

/**
 * Renders a panel inside the dashboard services, charts as text alternatives only (jsdom has no
 * canvas); files the panel saves are collected in `saved`.
 */
export function renderWithServices(ui: ReactElement, api: FakeApi, options: { claims?: TokenClaims | null; signOut?: (reason?: string) => void } = {}) {
  const saved: SavedFile[] = [];
  const services: DashboardServices = {
    api,
    format: createFormatters('en-US'),
    claims: options.claims ?? { tenant_id: 'FOS402334', scope: 'analytics:read' },
    signOut: options.signOut ?? (() => {}),
    loadChartEngine: null,
    tenantTimeZone: 'America/Chicago',
    reportTenantTimeZone: () => {},
    saveFile: (name, content) => void saved.push({ name, content }),
  };
  return { ...render(<DashboardContext.Provider value={services}>{ui}</DashboardContext.Provider>), saved };
}
