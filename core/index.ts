/** The public entry point of the Outpost core: the only module `electron/` and the CLIs import. */
export { createCore, type Core, type CoreConfig, type CoreHttp, type ListenOptions } from './create-core.js';
export { CoreError, isCoreError, type ErrorCode, type ErrorBody } from './common/core-error.js';
export type { Logger } from './common/logger.js';
export { OUTPOST_VERSION } from './common/version.js';
export { CONTENT_SECURITY_POLICY } from './server/security-headers.js';
