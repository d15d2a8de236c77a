// Run inside a network namespace (`ip netns exec NS node netns-request.mjs URL METHOD [JSON] [USER:PASSWORD]`):
// asks the Outpost server at URL (on that namespace's loopback) once, as a browser would (the CSRF
// cookie and header first, signed in as USER when given), and prints `{ status, body }`. Used by the
// LAN tests, whose servers are unreachable from the test's own namespace on purpose.
const [url, method = 'GET', json, credentials] = process.argv.slice(2);
const target = new URL(url);
const jar = new Map();
const keep = (response) => {
  for (const line of response.headers.getSetCookie?.() ?? []) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
};
const headers = (withBody) => ({
  cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
  'x-csrftoken': jar.get('outpost_csrftoken') ?? '',
  ...(withBody ? { 'content-type': 'application/json' } : {}),
});
keep(await fetch(new URL('/api/setup', target)));
if (credentials) {
  const at = credentials.indexOf(':');
  const signIn = await fetch(new URL('/api/auth/signin', target), {
    method: 'POST',
    headers: headers(true),
    body: JSON.stringify({ username: credentials.slice(0, at), password: credentials.slice(at + 1) }),
  });
  keep(signIn);
  if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}`);
}
const response = await fetch(target, { method, headers: headers(Boolean(json && json !== '-')), body: json && json !== '-' ? json : undefined });
const text = await response.text();
let body;
try {
  body = JSON.parse(text);
} catch {
  body = text;
}
process.stdout.write(JSON.stringify({ status: response.status, body }));
