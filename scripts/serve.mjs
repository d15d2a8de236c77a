// `npm run serve`: the headless server, started as scripts/server-launch.mjs says.
import { runServer } from './server-launch.mjs';

runServer(process.argv.slice(2));
