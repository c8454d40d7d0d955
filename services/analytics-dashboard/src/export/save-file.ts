/** Port: hands a finished file to the user (the browser's download; tests record it instead). */
export type SaveFile = (name: string, content: Blob | string) => void;

/**
 * Saves through a temporary object URL and an `<a download>` click: the file never leaves the
 * browser, and a string is encoded as UTF-8 by `Blob` (its leading BOM included).
 */
export const saveFileInBrowser: SaveFile = (name, content) => {
  const blob = typeof content === 'string' ? new Blob([content], { type: 'text/csv;charset=utf-8' }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
