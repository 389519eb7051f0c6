// Switches that are watched to their end, in the background: F12's safe maintenance (the server was put in DRAIN;
// once HAProxy reports no current session and no queue on it, it goes to MAINT and the operator is told it is safe
// to stop), and "ready, then wait until UP" (the server was made ready; the switch ends when its checks say UP).
// The operator keeps working meanwhile; every switch in progress shows on its row and on the status line.
import { setServerState } from '../runtime/commands';
import { num } from '../stats/service';
import type { Service, ServiceId, Snapshot } from '../stats/types';
import type { CliLog } from './cli-log';
import type { AuditTrail } from './audit';
import { sendLogged, type Sender } from './exchange';
import type { NoticeLevel } from './instance';
import type { Answer, Overlay, Question } from './overlay';

export type SwitchGoal = 'maint' | 'up';

interface Switch {
  readonly id: ServiceId;
  readonly label: string;
  readonly instance: string | undefined;
  readonly proxy: string;
  readonly name: string;
  readonly goal: SwitchGoal;
  /** The key that started it (`F12`, `menu A`), for the audit log. */
  readonly key: string;
  readonly startedAt: number;
  /** When to ask what to do (maint) or give up watching (up). */
  deadline: number;
  /** Sessions and queue last seen (maint), or the status (up). */
  seen: string;
  /** The MAINT command is under way: not sent twice. */
  finishing: boolean;
  /**
   * HAProxy has reported the state this switch set (DRAIN; for `up`, out of MAINT). Until then a report of the old
   * state may be a refresh that was read before the command: only after CONFIRM_MS does it mean the command did
   * not take.
   */
  confirmed: boolean;
}

/** How long a switch may wait to see its own state in HAProxy's report before it says the command did not take. */
const CONFIRM_MS = 5_000;

export interface SwitchHost {
  readonly timeoutMs: number;
  readonly log: CliLog;
  now(): number;
  senderFor(instance: string | undefined): Sender | undefined;
  overlay(): Overlay;
  setOverlay(overlay: Overlay): void;
  note(level: NoticeLevel, text: string): void;
  changed(): void;
  /** Keeps these services' proxies read whole at every refresh while they are watched. */
  follow(services: readonly Service[]): void;
  /** How the MAINT a switch sends is recorded (as coming from the key that started it); none without audit log. */
  auditFor(instance: string | undefined, key: string): AuditTrail | undefined;
}

const seconds = (ms: number): string => `${Math.max(0, Math.round(ms / 1000))} s`;

export class SafeSwitches {
  private readonly active = new Map<ServiceId, Switch>();

  constructor(private readonly host: SwitchHost) {}

  has(id: ServiceId | undefined): boolean {
    return id !== undefined && this.active.has(id);
  }

  /** What each watched server's row shows instead of its status: `draining 3` / `wait UP`. */
  rowNotes(): ReadonlyMap<ServiceId, string> {
    const notes = new Map<ServiceId, string>();
    for (const s of this.active.values()) notes.set(s.id, s.goal === 'maint' ? `DRAINING ${s.seen}` : `WAIT UP ${s.seen}`);
    return notes;
  }

  /** The switch's first command was done (by `key`): watch `service` from now on. */
  track(service: Service, goal: SwitchGoal, key: string): void {
    const now = this.host.now();
    this.active.set(service.id, {
      id: service.id,
      label: service.label,
      instance: service.instance,
      proxy: service.proxy,
      name: service.name,
      goal,
      key,
      startedAt: now,
      deadline: now + this.host.timeoutMs,
      seen: '',
      finishing: false,
      confirmed: false,
    });
    this.host.follow([service]);
  }

  /** F12 on a server being switched: ask whether to stop watching it, saying what state it is left in. */
  offerCancel(id: ServiceId): void {
    const s = this.active.get(id);
    if (s === undefined) return;
    const state = s.goal === 'maint' ? 'in DRAIN (no new sessions; the current ones go on)' : 'ready, as HAProxy reports it';
    this.ask({
      title: `Stop the ${s.goal === 'maint' ? 'safe maintenance' : 'wait for UP'} of ${s.label}? It stays ${state}.`,
      choices: [
        { key: 'y', label: 'stop watching it', answer: { kind: 'cancel-switch', id } },
        { key: 'n', label: 'keep going', answer: { kind: 'keep-waiting', id } },
      ],
      escape: { kind: 'keep-waiting', id },
    });
  }

  /** The operator's answer to a question this made. */
  answer(answer: Answer): void {
    const s = 'id' in answer ? this.active.get(answer.id) : undefined;
    if (s === undefined) return;
    switch (answer.kind) {
      case 'cancel-switch':
        this.active.delete(s.id);
        this.say('info', `Stopped watching ${s.label}: it stays ${s.goal === 'maint' ? 'in DRAIN' : 'ready'}; nothing was sent.`);
        return;
      case 'keep-waiting':
        s.deadline = this.host.now() + this.host.timeoutMs;
        this.say('info', `Still waiting for ${s.label}; asking again in ${seconds(this.host.timeoutMs)}.`);
        return;
      case 'maint-now':
        void this.finish(s, true);
        return;
      default: {
        const unhandled: never = answer;
        return unhandled;
      }
    }
  }

  /** A new snapshot: each watched server's progress, and the switches that are done. */
  settle(snapshot: Snapshot): void {
    if (this.active.size === 0) return;
    const now = this.host.now();
    for (const s of [...this.active.values()]) {
      const service = snapshot.byId.get(s.id);
      if (service === undefined) {
        this.active.delete(s.id);
        this.host.note('error', `${s.label} is gone from HAProxy's report: no longer watched.`);
        continue;
      }
      if (s.goal === 'maint') this.watchDrain(s, service, now);
      else this.watchUp(s, service, now);
    }
    this.host.follow([...this.active.values()].flatMap((s) => snapshot.byId.get(s.id) ?? []));
    this.progress(now);
  }

  private watchDrain(s: Switch, service: Service, now: number): void {
    const state = service.state.kind;
    if (state === 'drain') s.confirmed = true;
    else if (!s.confirmed) {
      if (now - s.startedAt < CONFIRM_MS) return;
      this.active.delete(s.id);
      this.host.note('error', `${s.label} does not show DRAIN (${service.status}) ${seconds(now - s.startedAt)} after it was sent: no longer watched.`);
      return;
    }
    if (state === 'maint') {
      this.active.delete(s.id);
      this.host.note('info', `${s.label} is in MAINT already (${service.status}): no longer watched.`);
      return;
    }
    if (state !== 'drain') {
      this.active.delete(s.id);
      this.host.note('error', `${s.label} is no longer draining (${service.status}): someone changed it; no longer watched.`);
      return;
    }
    const scur = num(service, 'scur');
    const qcur = num(service, 'qcur') ?? 0;
    s.seen = scur === undefined ? '?' : `${scur}${qcur > 0 ? `+${qcur}q` : ''}`;
    if (scur === 0 && qcur === 0) {
      void this.finish(s, false);
      return;
    }
    if (now >= s.deadline && this.host.overlay().kind === 'none') {
      s.deadline = Number.POSITIVE_INFINITY;
      this.ask({
        title: `${s.label} still has ${scur ?? '?'} session${scur === 1 ? '' : 's'}${qcur > 0 ? ` and ${qcur} queued` : ''} after ${seconds(now - s.startedAt)} of draining.`,
        choices: [
          { key: 'm', label: 'put it in MAINT now (the sessions left go on until they end)', answer: { kind: 'maint-now', id: s.id } },
          { key: 'w', label: `keep waiting (asks again in ${seconds(this.host.timeoutMs)})`, answer: { kind: 'keep-waiting', id: s.id } },
          { key: 'c', label: 'cancel: stop watching, leave it in DRAIN', answer: { kind: 'cancel-switch', id: s.id } },
        ],
        escape: { kind: 'keep-waiting', id: s.id },
      });
    }
  }

  private watchUp(s: Switch, service: Service, now: number): void {
    const state = service.state;
    s.seen = service.status;
    if (state.kind !== 'maint' && state.kind !== 'drain') s.confirmed = true;
    else if (!s.confirmed) {
      if (now - s.startedAt < CONFIRM_MS) return;
      this.active.delete(s.id);
      this.host.note('error', `${s.label} is still ${service.status} ${seconds(now - s.startedAt)} after "ready" was sent: no longer watched.`);
      return;
    }
    if (state.kind === 'up' && !('transition' in state && state.transition !== undefined)) {
      this.active.delete(s.id);
      this.host.note('ok', `${s.label} is UP: its checks pass (${seconds(now - s.startedAt)}).`);
    } else if (state.kind === 'nocheck') {
      this.active.delete(s.id);
      this.host.note('ok', `${s.label} is ready; it has no health check to wait for.`);
    } else if (state.kind === 'maint' || state.kind === 'drain') {
      this.active.delete(s.id);
      this.host.note('error', `${s.label} is ${service.status} again: someone changed it; no longer watched.`);
    } else if (now >= s.deadline) {
      this.active.delete(s.id);
      this.host.note('error', `${s.label} is still ${service.status} after ${seconds(now - s.startedAt)}: its checks do not pass; no longer watched.`);
    }
  }

  /** Sends MAINT to an idle (or, when told, a busy) draining server and says what came of it. */
  private async finish(s: Switch, forced: boolean): Promise<void> {
    if (s.finishing) return;
    s.finishing = true;
    const sender = this.host.senderFor(s.instance);
    const audit = this.host.auditFor(s.instance, s.key);
    const outcome = sender === undefined ? undefined : await sendLogged(sender, this.host.log, setServerState(s.proxy, s.name, 'maint'), s.instance, audit);
    this.active.delete(s.id);
    const took = seconds(this.host.now() - s.startedAt);
    if (outcome?.kind === 'ok') {
      this.say(
        'ok',
        forced
          ? `${s.label} is in MAINT, put there while busy: wait for its sessions to end before stopping it.`
          : `${s.label} is idle and in MAINT (drained in ${took}): safe to stop.`,
      );
    } else {
      this.say('error', `${s.label} stays in DRAIN: ${outcome === undefined ? 'its instance is gone' : outcome.message}`);
    }
  }

  /** The status line while switches run: the newest one's progress, and how many others there are. */
  private progress(now: number): void {
    const all = [...this.active.values()];
    const last = all[all.length - 1];
    if (last === undefined || this.host.overlay().kind === 'question') return;
    const what =
      last.goal === 'maint'
        ? `draining ${last.label}: ${last.seen === '?' ? 'sessions unknown' : `${last.seen.split('+')[0] ?? '?'} session${last.seen === '1' ? '' : 's'} left`}, ${seconds(now - last.startedAt)}`
        : `waiting for ${last.label} to be UP (${last.seen}), ${seconds(now - last.startedAt)}`;
    this.host.note('info', all.length > 1 ? `${what}; ${all.length - 1} more switch${all.length > 2 ? 'es' : ''} in progress` : what);
  }

  private ask(question: Question): void {
    this.host.setOverlay({ kind: 'question', question });
    this.host.changed();
  }

  private say(level: NoticeLevel, text: string): void {
    this.host.note(level, text);
    this.host.changed();
  }
}
