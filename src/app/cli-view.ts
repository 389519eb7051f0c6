// The CLI view's state: the log of exchanges and the line being typed; sending a line goes through cli-line.ts
// (refusals, the separate session for commands that would change the polling one).
import type { AuditTrail } from './audit';
import { CliLog } from './cli-log';
import { runCliLine, type SideSession } from './cli-line';
import type { Sender } from './exchange';
import { editLine, emptyLine, submitLine, type LineEdit, type LineState } from './line-editor';

/** Where a CLI line goes: an instance's transport (named when several are watched) and its side sessions. */
export interface CliTarget {
  readonly name: string | undefined;
  readonly sender: Sender;
  readonly openSession: (() => SideSession) | undefined;
  /** How its commands are audited; undefined with no audit log. */
  readonly audit: AuditTrail | undefined;
}

export class CliView {
  readonly log = new CliLog();
  line: LineState = emptyLine();

  constructor(private readonly target: () => CliTarget) {
    this.log.add('info', 'Runtime API commands typed here are sent to HAProxy as they are; `help` lists them.');
    this.log.add('info', 'ENTER sends, UP/DOWN browse history, PGUP/PGDOWN scroll, ESC or Alt-digit go back.');
  }

  edit(edit: LineEdit): void {
    this.line = editLine(this.line, edit);
  }

  /** Sends the line typed (`progress` after each step, to redraw); true when anything reached HAProxy. */
  async submit(progress: () => void): Promise<boolean> {
    const { line, next } = submitLine(this.line);
    this.line = next;
    progress();
    const target = this.target();
    return runCliLine(target.sender, this.log, line, progress, target.openSession, target.name, target.audit);
  }
}
