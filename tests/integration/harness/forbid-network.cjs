// Preloaded (NODE_OPTIONS=--require) into a CLI child by the OCR offline test, in the main thread and
// in every worker thread: any attempt to open a socket, resolve a name or fetch is written to the log
// file named by PAGEWISE_NETLOG and fails. The log also records that the guard was loaded, and where.
/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, so --require preloads it in worker threads too */
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const tls = require('node:tls');
const dns = require('node:dns');
const http = require('node:http');
const https = require('node:https');
const { isMainThread, threadId } = require('node:worker_threads');

const log = process.env.PAGEWISE_NETLOG;
const note = (entry) => {
  if (log) fs.appendFileSync(log, `${JSON.stringify({ pid: process.pid, thread: threadId, main: isMainThread, ...entry })}\n`);
};
note({ type: 'loaded' });

function forbid(what) {
  return function forbidden(...args) {
    const target = typeof args[0] === 'object' && args[0] !== null ? JSON.stringify(args[0]).slice(0, 200) : String(args[0]);
    note({ type: 'attempt', what, target });
    throw new Error(`network access is forbidden in this test (${what} ${target})`);
  };
}

net.Socket.prototype.connect = forbid('net.Socket.connect');
net.connect = net.createConnection = forbid('net.connect');
tls.connect = forbid('tls.connect');
http.request = http.get = forbid('http.request');
https.request = https.get = forbid('https.request');
dns.lookup = forbid('dns.lookup');
dns.resolve = forbid('dns.resolve');
if (dns.promises) dns.promises.lookup = forbid('dns.promises.lookup');
globalThis.fetch = forbid('fetch');
