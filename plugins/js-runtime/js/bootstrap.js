// Sandbox setup, run once per execution before the user's code.
// Evaluates to a function that receives the runtime's `native` object.
(function (native) {
  'use strict';
  const G = globalThis;
  const defineProperty = Object.defineProperty;
  const hasOwn = Object.prototype.hasOwnProperty;
  const jsonStringify = JSON.stringify;
  const jsonParse = JSON.parse;
  const ErrorCtor = Error;
  const TypeErrorCtor = TypeError;

  // Like a global the host hands in: non-enumerable, but the user's code
  // may replace it (its own execution only).
  function hide(name, value) {
    defineProperty(G, name, { value, writable: true, enumerable: false, configurable: true });
  }

  // --- No code generation from strings. The Function constructors are
  // refused by the engine's host hook; `eval` is replaced so that its
  // message is clear.
  const blockedEval = function (x) {
    if (typeof x === 'string') throw new ErrorCtor('eval is not allowed in sandbox.');
    return x;
  };
  defineProperty(blockedEval, 'name', { value: 'eval' });
  hide('eval', blockedEval);

  // --- Nothing that schedules, reaches out or exposes the host.
  for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout',
    'clearInterval', 'clearImmediate', 'queueMicrotask', 'process', 'require', 'module',
    'exports', 'fetch', 'XMLHttpRequest', 'WebSocket', 'Deno', 'Bun']) {
    if (hasOwn.call(G, name)) delete G[name];
  }

  // --- require(): an allowlist of shims, compiled on first use.
  const allowed = { __proto__: null, path: true, url: true, querystring: true, util: true,
    events: true, buffer: true, crypto: true };
  const cache = { __proto__: null };
  function load(id) {
    let module = cache[id];
    if (module === undefined) {
      module = { exports: {} };
      cache[id] = module;
      const wrapper = native.load(id);
      wrapper.call(module.exports, module, module.exports, require, native);
    }
    return module.exports;
  }
  function require(name) {
    if (typeof name !== 'string') {
      throw new TypeErrorCtor('The "id" argument must be of type string.');
    }
    const id = name.slice(0, 5) === 'node:' ? name.slice(5) : name;
    if (allowed[id] !== true) throw new ErrorCtor(`Module '${name}' is not allowed in sandbox.`);
    return load(id);
  }
  hide('require', require);

  // --- console: captured, formatted like Node's util.format.
  function format(args) {
    let simple = true;
    for (let i = 0; i < args.length; i++) {
      if (typeof args[i] !== 'string') { simple = false; break; }
    }
    if (simple && (args.length < 2 || args[0].indexOf('%') === -1)) {
      return args.join(' ');
    }
    return load('util').format.apply(null, args);
  }
  function writer(level) {
    return function (...args) { native.log(level, format(args)); };
  }
  const counts = { __proto__: null };
  const timers = { __proto__: null };
  const console = {
    log: writer('log'),
    info: writer('info'),
    warn: writer('warn'),
    error: writer('error'),
    debug: writer('debug'),
    trace(...args) { native.log('debug', 'Trace: ' + format(args)); },
    dir(value, options) {
      native.log('log', load('util').inspect(value, options));
    },
    assert(condition, ...args) {
      if (!condition) {
        args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
        native.log('warn', format(args));
      }
    },
    count(label = 'default') {
      label = `${label}`;
      counts[label] = (counts[label] || 0) + 1;
      native.log('log', `${label}: ${counts[label]}`);
    },
    countReset(label = 'default') { delete counts[`${label}`]; },
    time(label = 'default') { timers[`${label}`] = native.nowMs(); },
    timeEnd(label = 'default') {
      label = `${label}`;
      const start = timers[label];
      if (start === undefined) return;
      delete timers[label];
      native.log('log', `${label}: ${native.nowMs() - start}ms`);
    },
    timeLog(label = 'default', ...args) {
      label = `${label}`;
      const start = timers[label];
      if (start === undefined) return;
      const extra = args.length ? ' ' + format(args) : '';
      native.log('log', `${label}: ${native.nowMs() - start}ms${extra}`);
    },
  };
  hide('console', console);

  // --- __vaultData__: a Map-like view of the plugin's kv store (values
  // are kept as JSON).
  function key(k) { return `${k}`; }
  const vaultData = {
    get(k) {
      const raw = native.kvGet(key(k));
      return raw === undefined ? undefined : jsonParse(raw);
    },
    set(k, value) {
      let raw = jsonStringify(value);
      if (raw === undefined) raw = 'null';
      native.kvSet(key(k), raw);
      return vaultData;
    },
    has(k) { return native.kvGet(key(k)) !== undefined; },
    delete(k) { return native.kvDelete(key(k)); },
    keys() { return native.kvKeys(); },
    values() { return native.kvKeys().map((k) => vaultData.get(k)); },
    entries() { return native.kvKeys().map((k) => [k, vaultData.get(k)]); },
    forEach(callback, thisArg) {
      for (const k of native.kvKeys()) callback.call(thisArg, vaultData.get(k), k, vaultData);
    },
    clear() { for (const k of native.kvKeys()) native.kvDelete(k); },
    get size() { return native.kvKeys().length; },
    get [Symbol.toStringTag]() { return 'VaultData'; },
  };
  hide('__vaultData__', vaultData);
})
