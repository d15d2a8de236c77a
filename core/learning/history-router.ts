import { DatabaseRouter } from '../db/database-router.js';

/** Sends every past version of learner state to `history.sqlite3`, as Open edX keeps student-module history apart. */
export const historyRouter = new DatabaseRouter({ databaseName: 'history', tables: ['learner_state_history'] });
