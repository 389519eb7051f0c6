// The history pane (`g`): the selected service's recent figures, a sparkline each, with the current value, the
// largest shown and the time span covered. Pure: the history in, tagged lines out.
import { SERIES, type SeriesName, type SeriesSet } from '../stats/history';
import { figure, HISTORY_MIN_COLS, HISTORY_MIN_ROWS, lastValue, sparkline } from '../view/sparkline';
import { safe } from './theme';
import { fit, uptime } from './text';

const LABELS: Readonly<Record<SeriesName, string>> = {
  rate: 'sessions/s',
  req_rate: 'requests/s',
  http5xx: '5xx/s',
  scur: 'sessions',
  qcur: 'queue',
  rtime: 'resp ms',
  ttime: 'total ms',
};

const LABEL_WIDTH = 11;
const VALUE_WIDTH = 8;

/**
 * The pane's lines for a body of `width` x `height`: a title with the service and the time span, then one
 * series a line (`requests/s      12.5 |▁▂▃▅▇| max 20`), or, when it does not fit, why.
 */
export function historyPane(label: string | undefined, history: SeriesSet | undefined, width: number, height: number, unicode: boolean): string[] {
  const span = history === undefined || history.times.length < 2 ? '' : `, last ${uptime(((history.times.at(-1) ?? 0) - (history.times[0] ?? 0)) / 1000)}`;
  const points = history?.times.length ?? 0;
  const heading = ` History of ${label ?? 'no selection'} (${points} points${span})   g/ESC close, UP/DOWN: next`;
  const title = `{bold}${safe(fit(heading, width).trimEnd())}{/bold}`;
  if (width < HISTORY_MIN_COLS || height < SERIES.length + 2) return [title, safe(` Too small for the history: it needs ${HISTORY_MIN_COLS}x${HISTORY_MIN_ROWS}.`)];
  if (history === undefined || points === 0) return [title, '', safe(' No history yet for this service (it is kept from when it is first on screen).')];
  const chart = width - 1 - LABEL_WIDTH - 1 - VALUE_WIDTH - 2 - 12;
  // Each series on its own scale, so a quiet 5xx line is not flattened by a busy request rate.
  const lines = [title, ''];
  for (const name of SERIES) {
    const values = history.values[name];
    const max = values.reduce((m, v) => (Number.isFinite(v) && v > m ? v : m), 0);
    const line = ` ${LABELS[name].padEnd(LABEL_WIDTH)} ${figure(lastValue(values)).padStart(VALUE_WIDTH)}  ${sparkline(values, chart, unicode)} ${`max ${figure(max)}`.padEnd(11)}`;
    lines.push(safeSpark(line, unicode));
  }
  return lines;
}

/** `safe` for a line holding block characters: they are ours, not HAProxy's, and are kept. */
function safeSpark(line: string, unicode: boolean): string {
  if (!unicode) return safe(line);
  return line.replace(/[^\u2581-\u2588]+/g, (part) => safe(part));
}
