/** settings.* and app.* operations (contract: shared/api/settings.ts, app.ts). */
import type { HandlerMap } from '../service';

export const settingsHandlers = {
  'settings.get'(engine) {
    return engine.publicSettings();
  },
  'settings.connection'(engine) {
    return engine.connection();
  },
  'settings.update'(engine, update) {
    return engine.updateSettings(update);
  },
} satisfies HandlerMap<'settings.get' | 'settings.connection' | 'settings.update'>;

export const appHandlers = {
  'app.info'(engine, _input, { transport }) {
    return { version: engine.version, transport, offline: engine.offline(), libraryPath: engine.libraryPath };
  },
} satisfies HandlerMap<'app.info'>;
