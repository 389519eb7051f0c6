// hatop's five views: the four tables of `show stat` (their columns: view/columns.ts, read by the table code
// only, so that starting up loads none of it) and the CLI.
import type { CliViewDef, StatsViewDef } from './types';

export const STATUS: StatsViewDef = { kind: 'stats', mode: 1, name: 'STATUS', called: 'the status view', description: 'Status view: weight, state, checks, queues, sessions' };
export const TRAFFIC: StatsViewDef = { kind: 'stats', mode: 2, name: 'TRAFFIC', called: 'the traffic view', description: 'Traffic view: balancing, session rates, bytes in/out' };
export const HTTP: StatsViewDef = { kind: 'stats', mode: 3, name: 'HTTP', called: 'the HTTP view', description: 'HTTP view: request rates, responses by class' };
export const ERRORS: StatsViewDef = { kind: 'stats', mode: 4, name: 'ERRORS', called: 'the errors view', description: 'Errors view: check failures, downtime, connection/request/response errors' };
export const CLI: CliViewDef = { kind: 'cli', mode: 5, name: 'CLI', called: 'the CLI view', description: 'CLI view: type runtime API commands on the socket' };
