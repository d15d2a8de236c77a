/** The HTTP API's paths, shared by the server and the renderer's client so neither spells them twice. */
export const apiRoutes = Object.freeze({
  health: '/api/health',
  signIn: '/api/auth/signin',
  signOut: '/api/auth/signout',
  currentSession: '/api/auth/session',
  mySessions: '/api/auth/sessions',
  myOtherSessions: '/api/auth/sessions/others',
  sessionEvents: '/api/session/events',
  // Facilities, users and classes. `:id` is filled in with `apiPath`.
  setup: '/api/setup',
  // Backups: a superuser downloads one while the device runs; a new device restores one at setup.
  deviceBackup: '/api/device/backup',
  setupRestore: '/api/setup/restore',
  publicFacilities: '/api/public/facilities',
  facilities: '/api/facilities',
  facility: '/api/facilities/:id',
  facilityUsers: '/api/facilities/:id/users',
  facilityUsersImport: '/api/facilities/:id/users/import',
  facilityUsersExport: '/api/facilities/:id/users/export',
  facilityUsernameClashes: '/api/facilities/:id/username-clashes',
  // The same import as a background job with progress: start, the facility's newest, one, cancel.
  facilityImportJobs: '/api/facilities/:id/users/import-jobs',
  facilityLatestImportJob: '/api/facilities/:id/users/import-jobs/latest',
  importJob: '/api/import-jobs/:id',
  importJobCancel: '/api/import-jobs/:id/cancel',
  facilityClasses: '/api/facilities/:id/classes',
  facilitySyncConflicts: '/api/facilities/:id/sync-conflicts',
  facilitySyncConflictsResolve: '/api/facilities/:id/sync-conflicts/resolve',
  user: '/api/users/:id',
  userRestore: '/api/users/:id/restore',
  usersBulkDelete: '/api/users/bulk-delete',
  usersBulkUpdate: '/api/users/bulk-update',
  classDetail: '/api/classes/:id',
  classLearners: '/api/classes/:id/learners',
  classCoaches: '/api/classes/:id/coaches',
  // Quizzes: coaches under /api/classes and /api/quizzes, learners under /api/learn.
  classQuizzes: '/api/classes/:id/quizzes',
  quiz: '/api/quizzes/:id',
  quizAssign: '/api/quizzes/:id/assign',
  quizClose: '/api/quizzes/:id/close',
  quizReport: '/api/quizzes/:id/report',
  quizLearnerAnswers: '/api/quizzes/:id/learner-answers',
  learnerQuizzes: '/api/learn/quizzes',
  learnerQuiz: '/api/learn/quizzes/:id',
  learnerQuizAnswers: '/api/learn/quizzes/:id/answers',
  learnerQuizSubmit: '/api/learn/quizzes/:id/submit',
  // Peer management, by signed-in users with cookies and CSRF like every route above. The
  // peer-to-peer protocol beside it under /api/sync/ (core/sync/protocol/sync-paths.ts) is the
  // only CSRF-exempt part: peers prove themselves with certificates, not cookies.
  peers: '/api/sync/peers',
  peerFacilities: '/api/sync/peer-facilities',
  peersImportUser: '/api/sync/import-user',
  peer: '/api/sync/peers/:id',
  peerSync: '/api/sync/peers/:id/sync',
  peerEvents: '/api/sync/peers/:id/events',
  peerSchedule: '/api/sync/peers/:id/schedule',
  syncClients: '/api/sync/clients',
  mySyncStatus: '/api/sync/my-status',
  mySyncNow: '/api/sync/my-status/sync',
  device: '/api/device',
  nearbyDevices: '/api/sync/nearby',
  deviceAddresses: '/api/device/addresses',
});

/** Fills the `:id` of a route with an (encoded) id: `apiPath(apiRoutes.user, id)`. */
export function apiPath(route: string, id: string): string {
  return route.replace(':id', encodeURIComponent(id));
}
