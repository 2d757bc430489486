/**
 * Whether the desktop app may keep the API key on disk, decided from what Electron's safeStorage
 * reports (pure: no Electron import, unit-tested). On Linux without a keyring (no GNOME Keyring,
 * KWallet...) Chromium's backend is `basic_text`: "encrypted" with a fixed, public password, i.e.
 * not protected at all. Then, and where no encryption is available, the key is kept for this
 * session only (in memory) and the Settings dialog says so.
 */
import type { KeyStorageStatus } from '../../shared/api/domain';

export type { KeyStorageStatus };

/** safeStorage.getSelectedStorageBackend() values (Linux); null elsewhere. */
export type LinuxStorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

const SESSION_ONLY_ADVICE =
  'Pagewise keeps the key for this session only: you will enter it again after a restart. ' +
  'To keep it, start a keyring (such as GNOME Keyring or KWallet) before Pagewise, or set OPENAI_API_KEY in the environment.';

export function keyStorageStatus(platform: NodeJS.Platform, encryptionAvailable: boolean, backend: LinuxStorageBackend | null): KeyStorageStatus {
  if (!encryptionAvailable) {
    return { protectedByOs: false, sessionOnly: true, notice: `This computer offers no secure storage for the API key. ${SESSION_ONLY_ADVICE}` };
  }
  // 'unknown' = asked before the app was ready: not known to be protected, so not written
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown' || backend === null)) {
    return {
      protectedByOs: false,
      sessionOnly: true,
      notice: `No keyring is running, so the API key would be stored on disk without the system's protection. ${SESSION_ONLY_ADVICE}`,
    };
  }
  return { protectedByOs: true, sessionOnly: false, notice: null };
}
