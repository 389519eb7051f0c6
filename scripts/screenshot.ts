// `npm run screenshot`: re-makes docs/screen.png, the README's picture of the real screen.
// It starts the demo lab with traffic, runs the built hatop-ts in a pseudo-terminal (120x35), selects
// bk_app/nginx2, waits until the traffic shows in the counters (with --history: opens fe_main's history pane and
// waits for 40 points in it), then draws the terminal's cells (characters,
// colours, bold, inverse) as an HTML page and has headless Chromium photograph it.
//
//   npm run screenshot                 writes docs/screen.png
//   npm run screenshot -- out.png      writes elsewhere
//   npm run screenshot -- --history    writes docs/history.png: the history pane (g) of fe_main's FRONTEND
//   HATOP_CHROMIUM=/path/to/chrome     the browser to use (else chromium, chromium-browser, google-chrome)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLab, type Lab } from '../test/support/lab';
import { killAll, spawnHatop, type CellInfo, type Term } from '../test/support/pty';
import { waitFor } from '../test/support/wait';

const COLS = 120;
const ROWS = 35;
const FONT_PX = 14;
const LINE_PX = 18;
const PAD_PX = 14;
const repoRoot = path.join(__dirname, '../..');

// A dark terminal palette for the 16 ANSI colours; 16-255 follow xterm's 6x6x6 cube and grey ramp.
const ANSI16 = [
  '#1d1f21', '#cc6666', '#8fbf5f', '#e0c060', '#81a2be', '#b294bb', '#6fbfb8', '#c5c8c6',
  '#707880', '#ff7b7b', '#b5e890', '#f5dd80', '#a3c6f0', '#d6a8e0', '#9ae6df', '#ffffff',
];
const DEFAULT_FG = '#d0d3d0';
const DEFAULT_BG = '#15171a';

function paletteColor(index: number): string {
  if (index < 16) return ANSI16[index] ?? DEFAULT_FG;
  if (index < 232) {
    const n = index - 16;
    const level = (v: number): number => (v === 0 ? 0 : 55 + v * 40);
    return rgb(level(Math.floor(n / 36)), level(Math.floor(n / 6) % 6), level(n % 6));
  }
  const grey = 8 + (index - 232) * 10;
  return rgb(grey, grey, grey);
}

function rgb(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** CellInfo colours: -1 default, 0..255 palette, larger values 0xRRGGBB. */
function cssColor(value: number, fallback: string): string {
  if (value < 0) return fallback;
  if (value < 256) return paletteColor(value);
  return rgb((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

function cellStyle(cell: CellInfo): string {
  let fg = cssColor(cell.fg, DEFAULT_FG);
  let bg = cssColor(cell.bg, DEFAULT_BG);
  if (cell.inverse) [fg, bg] = [bg, fg];
  return `color:${fg};background:${bg}${cell.bold ? ';font-weight:bold' : ''}`;
}

/** The screen as HTML: one line per row, runs of cells with the same look in one span. */
function screenHtml(term: Term, cols: number, rows: number): string {
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    let html = '';
    let style = '';
    let run = '';
    const flush = (): void => {
      if (run !== '') html += `<span style="${style}">${escapeHtml(run)}</span>`;
      run = '';
    };
    for (let col = 0; col < cols; col++) {
      const cell = term.cell(row, col);
      const next = cellStyle(cell);
      if (next !== style) {
        flush();
        style = next;
      }
      run += cell.char;
    }
    flush();
    lines.push(`<div class="row">${html}</div>`);
  }
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
  html, body { margin: 0; background: ${DEFAULT_BG}; }
  .screen { padding: ${PAD_PX}px; font: ${FONT_PX}px/${LINE_PX}px "DejaVu Sans Mono", "Liberation Mono", monospace;
            color: ${DEFAULT_FG}; white-space: pre; width: ${cols}ch; }
  .row { height: ${LINE_PX}px; }
  .row > span { display: inline-block; height: ${LINE_PX}px; vertical-align: top; }
</style></head><body><div class="screen">${lines.join('')}</div></body></html>
`;
}

function findChromium(): string {
  const override = process.env['HATOP_CHROMIUM'];
  if (override) return override;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim() !== '') return found.stdout.trim();
  }
  throw new Error('no Chromium found: install it (Debian: apt-get install -y chromium) or set HATOP_CHROMIUM');
}

function photograph(htmlFile: string, pngFile: string, tmp: string, width: number, height: number): void {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    '--force-device-scale-factor=1',
    `--user-data-dir=${path.join(tmp, 'chromium-profile')}`,
    `--screenshot=${pngFile}`,
    `--window-size=${width},${height}`,
    `file://${htmlFile}`,
  ];
  const run = spawnSync(findChromium(), args, { encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw new Error(`chromium failed: ${run.error.message}`);
  const png = fs.existsSync(pngFile) ? fs.readFileSync(pngFile) : undefined;
  if (run.status !== 0 || png === undefined || png.subarray(1, 4).toString() !== 'PNG') {
    throw new Error(`chromium did not write ${pngFile} (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

/** The nginx2 row of bk_app in mode 1: the proxy's group starts at its `bk_app` title line. */
function nginx2Stot(term: Term): number | undefined {
  const lines = term.lines();
  const start = lines.findIndex((l) => /\bbk_app\b/.test(l) && !/nginx2/.test(l));
  if (start < 0) return undefined;
  const row = lines.slice(start).find((l) => /^\s*nginx2\b/.test(l));
  const last = row?.trim().split(/\s+/).pop();
  return last !== undefined && /^\d+$/.test(last) ? Number(last) : undefined;
}

async function capture(lab: Lab, history: boolean): Promise<Term> {
  const term = spawnHatop(['-s', lab.adminSocket, '-i', '1'], { cols: COLS, rows: ROWS });
  await term.waitFor(/\bnginx2\b/, { timeoutMs: 15_000, what: 'the service table' });
  const footer = (): string => term.lines()[ROWS - 1] ?? '';
  for (let i = 0; i < 40 && !footer().includes('bk_app/nginx2'); i++) {
    const before = footer();
    term.press('down');
    await term.waitFor((t) => (t.lines()[ROWS - 1] ?? '') !== before, { what: 'the selection to move' });
  }
  if (!footer().includes('bk_app/nginx2')) throw new Error(`could not select bk_app/nginx2; footer: ${footer()}`);
  // Let the traffic show: requests served through bk_app, and the counters on screen moving.
  await waitFor(() => (lab.trafficSoFar().byRoute['fe_main /']?.['nginx2'] ?? 0) >= 25, {
    timeoutMs: 30_000,
    what: 'traffic through bk_app/nginx2',
  });
  const first = await waitFor(() => nginx2Stot(term), { timeoutMs: 15_000, what: 'a session count for bk_app/nginx2' });
  await term.waitFor((t) => (nginx2Stot(t) ?? 0) > first && /RATE|STOT/.test(t.text()), {
    timeoutMs: 15_000,
    what: 'the counters to move',
  });
  if (history) {
    // The history pane (g) of the frontend (first row: HOME), once it holds enough points to draw a shape.
    term.press('home');
    await term.waitFor((t) => (t.lines()[ROWS - 1] ?? '').includes('[fe_main/FRONTEND]'), { what: 'fe_main/FRONTEND selected' });
    term.press('g');
    await term.waitFor((t) => Number(/History of fe_main\/FRONTEND \((\d+) points/.exec(t.text())?.[1] ?? 0) >= 40, {
      timeoutMs: 90_000,
      what: 'the history pane of fe_main/FRONTEND with 40 points',
    });
  }
  return term;
}

async function main(argv: readonly string[]): Promise<void> {
  const history = argv.includes('--history');
  const named = argv.filter((a) => a !== '--history')[0];
  const out = path.resolve(named ?? path.join(repoRoot, history ? 'docs/history.png' : 'docs/screen.png'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hatop-screenshot-'));
  let lab: Lab | undefined;
  try {
    findChromium();
    lab = await startLab();
    lab.startTraffic({ ratePerSec: 8 });
    const term = await capture(lab, history);
    const htmlFile = path.join(tmp, 'screen.html');
    fs.writeFileSync(htmlFile, screenHtml(term, COLS, ROWS));
    process.stdout.write(`${term.text()}\n`);
    const pngFile = path.join(tmp, 'screen.png');
    // DejaVu Sans Mono is 0.602em wide; a few spare pixels on the right beat a clipped last column.
    const width = Math.ceil(COLS * FONT_PX * 0.602) + 2 * PAD_PX + 4;
    const height = ROWS * LINE_PX + 2 * PAD_PX;
    photograph(htmlFile, pngFile, tmp, width, height);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.copyFileSync(pngFile, out);
    process.stdout.write(`wrote ${path.relative(process.cwd(), out) || out} (${width}x${height})\n`);
  } finally {
    await killAll();
    if (lab) {
      await lab.stopTraffic();
      await lab.stop();
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`screenshot: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
