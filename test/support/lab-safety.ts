// The lab's process-wide safety net: nothing outlives the test process. Every running lab is registered here;
// at exit (and on SIGINT/SIGTERM/SIGHUP unless the caller handles them) their HAProxy is killed and their dirs
// removed, with the per-process certificate pair.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { killGroup } from './lab-master';
import { removeCertCacheSync } from './lab-tls';

export interface LiveLab {
  child(): ChildProcess | undefined;
  readonly dir: string;
  /** The child leads its own process group (master-worker): kill the group, workers and all. */
  readonly group: boolean;
}
export const liveLabs = new Set<LiveLab>();
let exitHookInstalled = false;
let signalHooksInstalled = false;

function killEverythingSync(): void {
  for (const lab of liveLabs) {
    const child = lab.child();
    if (child && child.exitCode === null && child.signalCode === null) {
      if (lab.group && child.pid !== undefined) killGroup(child.pid);
      else child.kill('SIGKILL');
    }
    fs.rmSync(lab.dir, { recursive: true, force: true });
  }
  liveLabs.clear();
  removeCertCacheSync();
}

export function installSafetyNet(handleSignals: boolean): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killEverythingSync);
  }
  if (handleSignals && !signalHooksInstalled) {
    signalHooksInstalled = true;
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const onSignal = (signal: NodeJS.Signals): void => {
      killEverythingSync();
      for (const s of signals) process.removeListener(s, onSignal);
      // Die of the signal as if we had not been listening, unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    for (const s of signals) process.on(s, onSignal);
  }
}
