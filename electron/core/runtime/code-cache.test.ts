import { describe, expect, it } from 'vitest';
import { cacheFolder, cacheSlot, defaultCacheBase } from './code-cache';

describe('where the code cache lives', () => {
  it("follows each platform's cache folder, and PAGEWISE_CACHE_DIR first", () => {
    expect(defaultCacheBase({}, 'linux', '/home/ann')).toBe('/home/ann/.cache/pagewise/code');
    expect(defaultCacheBase({ XDG_CACHE_HOME: '/var/cache/ann' }, 'linux', '/home/ann')).toBe('/var/cache/ann/pagewise/code');
    // a relative XDG_CACHE_HOME is invalid (XDG spec) and ignored
    expect(defaultCacheBase({ XDG_CACHE_HOME: 'cache' }, 'linux', '/home/ann')).toBe('/home/ann/.cache/pagewise/code');
    expect(defaultCacheBase({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Caches/Pagewise/code');
    expect(defaultCacheBase({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Local\\Pagewise\\Cache\\code');
    expect(defaultCacheBase({ PAGEWISE_CACHE_DIR: '/tmp/pw' }, 'linux', '/home/ann')).toBe('/tmp/pw');
    expect(defaultCacheBase({}, 'linux', '')).toBeNull();
  });

  it('keeps one folder per build and V8 version, and file names that are safe', () => {
    expect(cacheFolder('/c', 'abcdef0123456789')).toBe(`/c/abcdef0123456789-v8-${process.versions.v8}`.replace(/[^\w./-]/g, '_'));
    expect(cacheSlot('list')).toBe('list');
    expect(cacheSlot('../../etc/passwd')).toBe('other');
    expect(cacheSlot('--version')).toBe('other');
    expect(cacheSlot(undefined)).toBe('other');
  });
});
