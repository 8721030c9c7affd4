// Worker thread for re-bootstraps: runs a shadow copy's index builds and ANALYZE on its own connection, so the till's
// connection keeps answering lookups from the old copy meanwhile (in WAL mode a reader never waits for a writer).
// Plain JavaScript, like hashWorker.mjs, so it loads the same under node, tsx, vitest and a bundle.
//
// workerData: { role: 'tillid-index-build', file, statements: string[], busyTimeoutMs, sortCacheKiB, threads }.
// Posts { index, ok, code } per statement in order, then { finished: true }. Statements are DDL: no personal data.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

if (parentPort && workerData && workerData.role === 'tillid-index-build') {
  const { file, statements, busyTimeoutMs, sortCacheKiB, threads } = workerData;
  let db = null;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = -${Math.trunc(sortCacheKiB)}`);
    db.pragma(`threads = ${Math.trunc(threads)}`);
    db.pragma('analysis_limit = 1000');
    for (let index = 0; index < statements.length; index++) {
      try {
        db.exec(statements[index]);
        parentPort.postMessage({ index, ok: true, code: null });
      } catch (error) {
        parentPort.postMessage({ index, ok: false, code: typeof error?.code === 'string' ? error.code : 'ERROR' });
      }
    }
  } catch (error) {
    parentPort.postMessage({ index: -1, ok: false, code: typeof error?.code === 'string' ? error.code : 'ERROR' });
  } finally {
    db?.close();
    parentPort.postMessage({ finished: true });
  }
}
