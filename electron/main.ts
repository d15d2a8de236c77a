// The Electron entry point (package.json "main"). Everything lives in startDesktopApp's closure.
import { app } from 'electron';
import { startDesktopApp } from './desktop-app.js';

startDesktopApp(app, { shellDir: import.meta.dirname, env: process.env });
