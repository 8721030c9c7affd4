import { app, BrowserWindow, dialog, ipcMain, safeStorage, screen, session } from 'electron';
import { runShell } from './shell';
import { startShellTill } from './tillBoot';

// Electron's entry (bundled to dist/electron/main.mjs). Everything worth testing is in shell.ts.
void runShell({ app, BrowserWindow, ipcMain, session, safeStorage, dialog, screen }, startShellTill).catch((error: unknown) => {
  dialog.showErrorBox('Tillid stopped', error instanceof Error ? error.message : 'An unknown error stopped the till.');
  app.exit(1);
});
