import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { BackupService } from '../../backup/backup-service.js';
import type { Clock } from '../../common/clock.js';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import { BACKUP_FILE_SUFFIX, type RestoreResponse } from '../../contract/backup.js';
import type { FacilityService } from '../../facility/index.js';
import { requireUser } from '../auth/request-user.js';
import { createPermissions } from '../permissions.js';

/** The largest backup the setup page accepts (a classroom's data is tens of MB). */
export const RESTORE_MAX_BYTES = 4 * 1024 * 1024 * 1024;

/** What the backup routes are built from. */
export interface BackupRouteOptions {
  readonly backup: BackupService;
  readonly facility: Pick<FacilityService, 'setup' | 'classes'>;
  readonly clock: Clock;
}

function scratchFolder(): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'outpost-backup-http-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * `GET /api/device/backup` (superusers): a backup of every database, taken while the device keeps
 * serving, as a download. `POST /api/setup/restore` (a device not set up yet, CSRF as usual): the
 * body is a backup file (`application/octet-stream`); it is checked whole before anything changes.
 */
export async function registerBackupRoutes(app: FastifyInstance, options: BackupRouteOptions): Promise<void> {
  const permissions = createPermissions(options.facility.classes);

  app.get(apiRoutes.deviceBackup, async (request, reply) => {
    permissions.assertSuperuser(requireUser(request));
    const scratch = scratchFolder();
    try {
      const file = join(scratch.path, `backup${BACKUP_FILE_SUFFIX}`);
      await options.backup.write(file);
      const stamp = new Date(options.clock.now()).toISOString().slice(0, 10);
      const stream = createReadStream(file);
      // The file is removed once sent, or once the download is abandoned.
      stream.on('close', () => scratch.remove());
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename="outpost-${stamp}${BACKUP_FILE_SUFFIX}"`)
        .header('cache-control', 'no-store')
        .send(stream);
    } catch (error) {
      scratch.remove();
      throw error;
    }
  });

  await app.register(async (scope) => {
    // The upload is streamed to a file, never held in memory.
    scope.addContentTypeParser('application/octet-stream', { bodyLimit: RESTORE_MAX_BYTES }, (_request, payload, done) => done(null, payload));
    scope.post(apiRoutes.setupRestore, { bodyLimit: RESTORE_MAX_BYTES }, async (request, reply) => {
      const body = request.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') throw new CoreError('INVALID_INPUT', 'Send the backup file as application/octet-stream.');
      if (options.facility.setup.isProvisioned()) {
        // Refused unread: close the connection rather than leave an unread upload on it.
        reply.header('connection', 'close');
        body.resume();
        throw new CoreError('CONFLICT', 'This device is already set up; a backup can only be restored on a new device.');
      }
      const scratch = scratchFolder();
      try {
        const file = join(scratch.path, `upload${BACKUP_FILE_SUFFIX}`);
        let received = 0;
        body.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > RESTORE_MAX_BYTES) body.destroy(new CoreError('PAYLOAD_TOO_LARGE', 'The backup file is too large.'));
        });
        await pipeline(body, createWriteStream(file));
        // Checked again: two setup pages may race.
        if (options.facility.setup.isProvisioned()) throw new CoreError('CONFLICT', 'This device is already set up; a backup can only be restored on a new device.');
        const manifest = await options.backup.restore(file);
        const answer: RestoreResponse = { outpostVersion: manifest.outpostVersion, createdAt: manifest.createdAt };
        return answer;
      } finally {
        scratch.remove();
      }
    });
  });
}
