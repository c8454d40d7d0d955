import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { takeTokenFromHash } from './auth/token-store';
import { resolveApiBaseUrl } from './config';
import './styles.css';

// One-time dev hand-off (`make dev` opens `/#token=…`): store it, strip it from the URL, then render.
takeTokenFromHash();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App apiBaseUrl={resolveApiBaseUrl()} />
  </StrictMode>,
);
