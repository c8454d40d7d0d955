/**
 * widget.js: the only script a host page loads before the visitor opens the chat. Vanilla DOM, no
 * framework: it mounts the launcher in a Shadow DOM (no style crosses in either direction) and
 * imports the React panel chunk on the first open. Embed:
 *
 *   <script src="https://…/widget.js" data-tenant="<tenant_hash>" data-api="https://<master function URL>" defer></script>
 *
 * A classic script: the build checks it has no import/export statement, and its one dynamic
 * `import()` resolves against the script's own URL, wherever the host page is.
 */
import type { PanelController, PanelOptions } from './panel/mount';
import { ConversationStore } from './session-store';
import launcherCss from './launcher.css?inline';

const HOST_ID = 'picasso-chat-widget';

function boot(script: HTMLScriptElement | null): void {
  const tenantHash = script?.dataset.tenant;
  if (!script || !tenantHash) {
    console.error('Picasso chat widget: the script tag needs data-tenant="<tenant_hash>"');
    return;
  }
  if (document.getElementById(HOST_ID)) return;
  const masterUrl = (script.dataset.api ?? new URL(script.src).origin).replace(/\/+$/, '');

  const host = document.createElement('div');
  host.id = HOST_ID;
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = launcherCss;
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.setAttribute('aria-haspopup', 'dialog');
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-label', 'Open chat');
  launcher.innerHTML =
    '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
  const slot = document.createElement('div');
  slot.className = 'panel-slot';
  shadow.append(style, slot, launcher);
  document.body.appendChild(host);

  const store = new ConversationStore(safeSessionStorage(), tenantHash);
  let panel: Promise<PanelController> | undefined;
  const load = () =>
    (panel ??= import('./panel/mount').then(({ mountPanel }) => {
      const options: PanelOptions = {
        tenantHash,
        masterUrl,
        shadow,
        slot,
        store,
        launcher,
        onOpenChange: (open) => {
          launcher.setAttribute('aria-expanded', String(open));
          launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
          host.toggleAttribute('data-open', open);
        },
      };
      return mountPanel(options);
    }));
  launcher.addEventListener('click', () => {
    launcher.setAttribute('aria-busy', 'true');
    load()
      .then((p) => p.toggle('launcher'))
      .catch((error: unknown) => {
        panel = undefined;
        console.error('Picasso chat widget: could not load the chat panel', error);
      })
      .finally(() => launcher.removeAttribute('aria-busy'));
  });

  // Reloaded mid-conversation with the panel open: bring it back as it was (no new WIDGET_OPENED).
  if (store.load().open) void load().then((p) => p.restore());
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

const current = document.currentScript as HTMLScriptElement | null;
if (document.body) boot(current);
else document.addEventListener('DOMContentLoaded', () => boot(current), { once: true });
