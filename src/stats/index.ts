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
export { parseShowSess, parseSessionLine, isCliSession, humanTimeSeconds, type SessionEntry } from './sessions';
export {
  parseTableList,
  parseTableEntries,
  parseTableEntryLine,
  unescapeKey,
  type StickTableInfo,
  type StickEntry,
  type TableEntries,
} from './tables';
export { parsePatternList, parsePatternEntries, patternRef, type PatternKind, type PatternFile, type PatternEntry } from './patterns';
export { parseCertList, parseCertDetail, daysLeft, asn1Date, type CertInfo, type CertListEntry } from './certs';
export {
  parseShowActivity,
  parseShowErrors,
  parseShowPools,
  type ActivityLine,
  type CapturedError,
  type ShowErrors,
  type PoolLine,
  type ShowPools,
} from './process';
