// The runtime API client: the only part of hatop-ts that talks to HAProxy.
export { RuntimeError } from './types';
export type { Command, Reply, SocketAddress, SocketKind, SshAddress, TransportFailure } from './types';
export { formatAddress, parseAddress, parseTcpAddress } from './address';
export { PromptFramer } from './framing';
export { classifyReply, replyMessage } from './reply';
export { viewRefusal } from './view-refusal';
export { RuntimeClient } from './client';
export type { RuntimeClientOptions, SendOptions } from './client';
export { StatsRoute, WorkerRoute, reloadMaster, routeCommand, isMasterCommand, CURRENT_WORKER } from './master';
export type { WorkerRouteOptions, ReloadOptions } from './master';
export * as commands from './commands';
export * from './commands';
