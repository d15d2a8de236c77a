import type { FastifyInstance } from 'fastify';

/** One registered route: its method and its pattern (`/api/users/:id`). */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

const LINE = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([^)]+)\))?$/u;

/**
 * Every route of a ready app, read from `printRoutes({ commonPrefix: false })`: its radix tree
 * printed one node a line, each line's path continuing its parent's. Reading the app itself (not a
 * list kept by hand) means a route added later is covered by whatever test enumerates them.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const stack: string[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + match[2]!;
    stack.push(url);
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, url });
  }
  return routes;
}
