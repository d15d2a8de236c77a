import { describe, expect, it } from 'vitest';
import { DatabaseRouter } from './database-router.js';
import { RouterChain } from './router-chain.js';

const sessionRouter = new DatabaseRouter({ databaseName: 'sessions', tables: ['session', 'session_note'] });

describe('RouterChain', () => {
  const chain = new RouterChain([sessionRouter]);

  it('routes a declared table to its database for reads and writes', () => {
    expect(chain.databaseForRead('session')).toBe('sessions');
    expect(chain.databaseForWrite('session')).toBe('sessions');
  });

  it('sends unrouted tables to default', () => {
    expect(chain.databaseForRead('facility_user')).toBe('default');
    expect(chain.databaseForWrite('facility_user')).toBe('default');
  });

  it('allows relations inside one database and refuses them across databases', () => {
    expect(chain.allowRelation('session', 'session_note')).toBe(true);
    expect(chain.allowRelation('facility_user', 'facility')).toBe(true);
    expect(chain.allowRelation('session', 'facility_user')).toBe(false);
    expect(chain.allowRelation('facility_user', 'session')).toBe(false);
  });

  it('lets a migration of a table run only on its own database', () => {
    expect(chain.allowMigrate('sessions', 'session')).toBe(true);
    expect(chain.allowMigrate('default', 'session')).toBe(false);
    expect(chain.allowMigrate('default', 'facility_user')).toBe(true);
    expect(chain.allowMigrate('sessions', 'facility_user')).toBe(false);
  });

  it('refuses two routers claiming one table for different databases', () => {
    const rival = new DatabaseRouter({ databaseName: 'default', tables: ['session'] });
    expect(() => new RouterChain([sessionRouter, rival])).toThrow(/routed to both "sessions" and "default"/);
  });
});
