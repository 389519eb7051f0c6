// The stats layer's public surface: pure parsers and the snapshot model.

export type * from './types';
export { parseCsv } from './csv';
export { parseShowStat, recordFields, StatReader, type ParsedStat } from './stat';
export { parseShowInfo } from './info';
export { parseState, serviceKind } from './state';
export { buildSnapshot, snapshotFrom, SnapshotBuilder, num, serviceId, serviceLabel } from './model';
export { mergeSnapshots, patchSnapshot, proxyKey, type Patch } from './merge';
export { rates, History } from './rates';
export { parseServersState, backendsWithServer, type ServerEntry } from './servers-state';
export { parseShowProc, parseReloadStatus, uptimeSeconds, type ProcList, type Proc, type MasterProc, type WorkerProc, type ReloadStatus } from './proc';
