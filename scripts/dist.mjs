// `npm run dist`: desktop installers. Replaced by the desktop-shell work; fails clearly until then.
console.error('outpost dist: installers are not set up yet.');
process.exit(1);
