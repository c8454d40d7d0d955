import { createRoot } from 'react-dom/client';
import { ChatApi } from '../chat-api';
import type { ConversationStore } from '../session-store';
import { ChatPanel, type PanelCommand } from './ChatPanel';
import panelCss from './panel.css?inline';

export interface PanelOptions {
  tenantHash: string;
  masterUrl: string;
  shadow: ShadowRoot;
  /** Where the panel renders, inside the shadow root. */
  slot: HTMLElement;
  /** The conversation in session storage (created by the loader, which also reads it at boot). */
  store: ConversationStore;
  /** Focus returns here when the panel closes. */
  launcher: HTMLElement;
  onOpenChange(open: boolean): void;
}

export interface PanelController {
  toggle(trigger: 'launcher' | 'api'): void;
  /** Re-open after a reload without counting a new open. */
  restore(): void;
}

/** Mounts the React panel in the widget's shadow root; commands reach it once it has rendered. */
export function mountPanel(options: PanelOptions): PanelController {
  const style = document.createElement('style');
  style.textContent = panelCss;
  options.shadow.prepend(style);
  let listener: ((command: PanelCommand) => void) | undefined;
  const pending: PanelCommand[] = [];
  const send = (command: PanelCommand) => (listener ? listener(command) : pending.push(command));
  createRoot(options.slot).render(
    <ChatPanel
      tenantHash={options.tenantHash}
      api={new ChatApi(options.masterUrl)}
      store={options.store}
      shadow={options.shadow}
      launcher={options.launcher}
      onOpenChange={options.onOpenChange}
      subscribe={(l) => {
        listener = l;
        pending.splice(0).forEach(l);
        return () => {
          listener = undefined;
        };
      }}
    />,
  );
  return { toggle: (trigger) => send({ kind: 'toggle', trigger }), restore: () => send({ kind: 'restore' }) };
}
