import { CoreError, type ErrorCode, type FieldError } from '../../common/core-error.js';
import { CertificateError, type CertificateFailure } from '../certificates/certificate-error.js';
import type { SyncProgress } from '../controller/sync-progress.js';
import type { PeerActivity, PeerProgress } from '../peers/peer-service.js';

/** The objects of the worker a call goes to: the peer-facing sync server or the peer service. */
export type WorkerTarget = 'server' | 'peers';

/** Main thread → worker. `now` carries the main thread's clock when it is not the system clock. */
export type ToWorkerMessage =
  | { readonly type: 'call'; readonly id: number; readonly target: WorkerTarget; readonly method: string; readonly args: readonly unknown[]; readonly now?: number }
  | { readonly type: 'close' };

/** An error as it crosses the thread boundary: a structured clone keeps neither class nor symbols. */
export interface WorkerError {
  readonly code: ErrorCode | undefined;
  readonly message: string;
  readonly details?: readonly FieldError[];
  /** CertificateError's reason. */
  readonly reason?: string;
}

/** Users removed by a record the worker applied, as `FacilityService.onDidDeleteUsers` announces them. */
export interface DeletedUsersMessage {
  readonly type: 'deletedUsers';
  readonly userIds: readonly string[];
  readonly reason: string;
}

/** Worker → main thread. */
export type FromWorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly value: unknown }
  | { readonly type: 'error'; readonly id: number; readonly error: WorkerError }
  /** `admissionActive`: sync sessions holding a slot of the worker's sync server when the event fired. */
  | { readonly type: 'progress'; readonly progress: SyncProgress; readonly admissionActive: number }
  /** Sync sessions holding a slot of the worker's sync server changed (sent before the call's result). */
  | { readonly type: 'admission'; readonly active: number }
  /** A peer's activity changed in the worker (syncing, waiting in the other device's line, idle). */
  | { readonly type: 'peerChanged'; readonly peerId: string; readonly activity: PeerActivity }
  | { readonly type: 'peerProgress'; readonly progress: PeerProgress }
  | DeletedUsersMessage
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string; readonly error?: string }
  | { readonly type: 'closed' };

/** Reduces an error to what crosses to the other thread: its code, message, details (and certificate reason). */
export function errorToWorkerError(error: unknown): WorkerError {
  if (error instanceof CertificateError) return { code: error.code, message: error.message, details: error.details, reason: error.reason };
  if (error instanceof CoreError) return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  return { code: undefined, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/** Rebuilds the error a worker call failed with, so the caller branches on the same codes as before. */
export function errorFromWorkerError(error: WorkerError): Error {
  if (error.code === 'CERTIFICATE_INVALID' && error.reason !== undefined) {
    const path = error.details?.[0]?.path ?? '';
    return new CertificateError(error.reason as CertificateFailure, error.message, path.startsWith('certificate.') ? path.slice('certificate.'.length) : undefined);
  }
  if (error.code === undefined) return CoreError.bug(`The sync worker failed: ${error.message}`);
  return new CoreError(error.code, error.message, error.details);
}
