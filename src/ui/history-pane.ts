// The history pane (`g`): the selected service's recent figures as two boxes of sparklines, rates on the left and
// the present state on the right, each series titled with its current value and the largest shown. Pure: the
// history in, a heading line and the boxes' places and data out; the adapter draws the boxes with
// blessed-contrib's sparkline widget.
import type { SeriesName, SeriesSet } from '../stats/history';
import { figure, HISTORY_MIN_COLS, HISTORY_MIN_ROWS, lastValue } from '../view/sparkline';
import type { Chart } from './cells';
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

/** The two boxes: what moves per second, and what the service holds or takes now. */
const BOXES: readonly { readonly label: string; readonly series: readonly SeriesName[] }[] = [
  { label: 'per second', series: ['req_rate', 'rate', 'http5xx'] },
  { label: 'now', series: ['scur', 'qcur', 'rtime', 'ttime'] },
];

/** The widget's rows for `n` series: its border, a blank line, then a title, a sparkline and a blank each. */
const boxHeight = (n: number): number => 2 + 1 + 3 * n - 1;

/** The integer steps the points are given to the widget in. */
const STEPS = 1000;

export interface HistoryPane {
  /** The heading, or the heading and why nothing is drawn. */
  readonly lines: string[];
  /** The boxes, placed relative to the pane's first line. */
  readonly charts: Chart[];
}

/** The pane for a body of `width` x `height`. */
export function historyPane(label: string | undefined, history: SeriesSet | undefined, width: number, height: number): HistoryPane {
  const points = history?.times.length ?? 0;
  const span = history === undefined || points < 2 ? '' : `, last ${uptime(((history.times.at(-1) ?? 0) - (history.times[0] ?? 0)) / 1000)}`;
  const heading = ` History of ${label ?? 'no selection'} (${points} points${span})   g/ESC close, UP/DOWN: next`;
  const title = `{bold}${safe(fit(heading, width).trimEnd())}{/bold}`;
  const tallest = Math.max(...BOXES.map((b) => boxHeight(b.series.length)));
  if (width < HISTORY_MIN_COLS || height < tallest + 1) return { lines: [title, safe(` Too small for the history: it needs ${HISTORY_MIN_COLS}x${HISTORY_MIN_ROWS}.`)], charts: [] };
  if (history === undefined || points === 0) return { lines: [title, '', safe(' No history yet for this service (it is kept from when it is first on screen).')], charts: [] };
  const half = Math.floor(width / 2);
  const charts = BOXES.map((box, i): Chart => {
    const boxWidth = i === 0 ? half : width - half;
    // The widget draws as many points as the box is wide inside.
    const shown = boxWidth - 2;
    return {
      top: 1,
      left: i === 0 ? 0 : half,
      width: boxWidth,
      height: boxHeight(box.series.length),
      label: ` ${box.label} `,
      titles: box.series.map((name) => seriesTitle(name, history.values[name].slice(-shown))),
      data: box.series.map((name) => ticks(history.values[name].slice(-shown))),
    };
  });
  return { lines: [title], charts };
}

/** `requests/s 12.5, min 3, max 20`: the current value and the range the ticks span. */
function seriesTitle(name: SeriesName, values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  const min = finite.length === 0 ? Number.NaN : Math.min(...finite);
  const max = finite.length === 0 ? Number.NaN : Math.max(...finite);
  return `${LABELS[name]} ${figure(lastValue(values))}, min ${figure(min)}, max ${figure(max)}`;
}

/**
 * The points as whole steps of the largest (the widget's ticks are integer arithmetic); the ticks span the
 * smallest to the largest point. A gap (a restart) reads as the smallest, never as a spike.
 */
function ticks(values: readonly number[]): number[] {
  const finite = values.filter(Number.isFinite);
  const max = finite.length === 0 ? 0 : Math.max(...finite.map(Math.abs));
  const low = finite.length === 0 ? 0 : Math.min(...finite);
  return values.map((v) => {
    const x = Number.isFinite(v) ? v : low;
    return max > 0 ? Math.round((x / max) * STEPS) : 0;
  });
}
