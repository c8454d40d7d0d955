import { useState } from 'react';
import type { ApiError } from '../api/api-client';
import type { MetricEnvelope } from '../api/contract';
import { useDashboard } from '../dashboard-context';
import { panelCsvFile, type CsvTable } from '../export/panel-csv';
import { describeError } from './Panel';

/**
 * "Download CSV" for a panel's figures, built in the browser from the data on screen (nothing is
 * requested). `panelId` names the file (`<tenant>-<panelId>-<start>_<end>.csv`).
 */
export function DownloadCsvButton({ title, panelId, envelope, table }: { title: string; panelId: string; envelope: Pick<MetricEnvelope<unknown>, 'tenant_id' | 'period'>; table(): CsvTable }) {
  const { saveFile } = useDashboard();
  return (
    <button
      type="button"
      className="download-csv"
      data-testid="download-csv"
      aria-label={`Download CSV: ${title}`}
      onClick={() => {
        const file = panelCsvFile(table(), { tenant: envelope.tenant_id, panel: panelId, period: envelope.period });
        saveFile(file.name, file.content);
      }}
    >
      Download CSV
    </button>
  );
}

/**
 * "Download CSV" for a file the API writes (the audited submissions export): asks for it, saves
 * what came back byte for byte (BOM included), and says why when the API refuses.
 */
export function DownloadServerCsvButton({ title, fileName, load }: { title: string; fileName: string; load(): Promise<Blob> }) {
  const { saveFile } = useDashboard();
  const [state, setState] = useState<{ status: 'idle' | 'downloading' } | { status: 'error'; error: ApiError }>({ status: 'idle' });
  return (
    <span className="download-csv-server">
      <button
        type="button"
        className="download-csv"
        data-testid="download-csv"
        aria-label={`Download CSV: ${title}`}
        disabled={state.status === 'downloading'}
        onClick={() => {
          setState({ status: 'downloading' });
          load().then(
            (blob) => {
              saveFile(fileName, blob);
              setState({ status: 'idle' });
            },
            (error: ApiError) => setState({ status: 'error', error }),
          );
        }}
      >
        {state.status === 'downloading' ? 'Preparing CSV…' : 'Download CSV'}
      </button>
      {state.status === 'error' && (
        <span className="download-error" role="alert" data-testid="download-csv-error">
          {describeError(state.error).text}
        </span>
      )}
    </span>
  );
}
