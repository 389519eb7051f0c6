// The stats layer's public surface: pure parsers and the snapshot model.

export type * from './types';
export { parseCsv } from './csv';
export { parseShowStat, type ParsedStat } from './stat';
export { parseShowInfo } from './info';
export { parseState, serviceKind } from './state';
export { buildSnapshot, snapshotFrom, mergeSnapshots, num, serviceId, serviceLabel } from './model';
export { rates, History } from './rates';
export { parseServersState, backendsWithServer, type ServerEntry } from './servers-state';
