// require('url'): URL and URLSearchParams (a simplified WHATWG URL parser:
// no IDNA, no IPv4 number normalization).
(function (module, exports, require, native) {
  'use strict';

  const SPECIAL = { __proto__: null, 'ftp:': 21, 'file:': null, 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 };
  const HEX = '0123456789ABCDEF';

  function utf8(str) {
    return native.encode(str, 'utf8');
  }

  // Percent-encodes the characters for which `mustEncode(code)` is true,
  // and every non-ASCII character (as UTF-8).
  function percentEncode(str, mustEncode) {
    let out = '';
    for (const ch of str) {
      const c = ch.codePointAt(0);
      if (c < 0x20 || c > 0x7e || mustEncode(c)) {
        for (const b of utf8(ch)) out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
      } else {
        out += ch;
      }
    }
    return out;
  }

  const fragmentSet = (c) => c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60;
  const querySet = (c) => c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e;
  const specialQuerySet = (c) => querySet(c) || c === 0x27;
  const pathSet = (c) => querySet(c) || c === 0x3f || c === 0x60 || c === 0x7b || c === 0x7d;
  const userinfoSet = (c) => pathSet(c) || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d ||
    c === 0x40 || (c >= 0x5b && c <= 0x5e) || c === 0x7c;

  // Decodes %XX escapes as UTF-8 bytes; invalid sequences become U+FFFD.
  function percentDecode(str) {
    if (!str.includes('%')) return str;
    const bytes = [];
    for (let i = 0; i < str.length; i++) {
      const ch = str[i];
      if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(str.slice(i + 1, i + 3))) {
        bytes.push(parseInt(str.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        const code = str.charCodeAt(i);
        if (code < 0x80) {
          bytes.push(code);
        } else {
          let chunk = ch;
          if (code >= 0xd800 && code <= 0xdbff && i + 1 < str.length) {
            const next = str.charCodeAt(i + 1);
            if (next >= 0xdc00 && next <= 0xdfff) { chunk += str[i + 1]; i++; }
          }
          for (const b of utf8(chunk)) bytes.push(b);
        }
      }
    }
    return native.decode(new Uint8Array(bytes), 'utf8');
  }

  // application/x-www-form-urlencoded
  function formEncode(str) {
    let out = '';
    for (const b of utf8(str)) {
      if (b === 0x20) out += '+';
      else if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) ||
        b === 0x2a || b === 0x2d || b === 0x2e || b === 0x5f) out += String.fromCharCode(b);
      else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
    }
    return out;
  }

  function formDecode(str) {
    return percentDecode(str.replace(/\+/g, ' '));
  }

  function parseQuery(query) {
    const list = [];
    for (const part of query.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      list.push([formDecode(name), formDecode(value)]);
    }
    return list;
  }

  function invalid(input) {
    const err = new TypeError('Invalid URL');
    err.code = 'ERR_INVALID_URL';
    err.input = input;
    return err;
  }

  // Resolves "." and ".." segments; `segments` is the list after the first "/".
  function normalizePath(segments, special) {
    const out = [];
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      const lower = seg.toLowerCase();
      const last = i === segments.length - 1;
      if (seg === '..' || lower === '.%2e' || lower === '%2e.' || lower === '%2e%2e') {
        if (out.length > 0) out.pop();
        if (last) out.push('');
      } else if (seg === '.' || lower === '%2e') {
        if (last) out.push('');
      } else {
        out.push(seg);
      }
    }
    return out;
  }

  function parseHost(host, special, input) {
    if (host.startsWith('[')) {
      if (!host.endsWith(']') || !/^\[[0-9A-Fa-f:.]+\]$/.test(host)) throw invalid(input);
      return host.toLowerCase();
    }
    if (!special) {
      if (/[\x00\t\n\r #/<>?@[\\\]^|]/.test(host)) throw invalid(input);
      return percentEncode(host, () => false);
    }
    host = percentDecode(host).toLowerCase();
    if (host === '' || /[\x00-\x20#%/:<>?@[\\\]^|\x7f]/.test(host)) throw invalid(input);
    return host;
  }

  // Parses `input` (absolute, or relative to the parsed record `base`) into
  // a record { protocol, username, password, hostname, port, path, opaque,
  // query, fragment }; `path` is a list of segments unless `opaque`.
  function parse(input, base) {
    const original = input;
    input = input.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
    const rec = { protocol: '', username: '', password: '', hostname: null, port: '',
      path: [], opaque: false, query: null, fragment: null };
    let rest = input;
    const hashAt = rest.indexOf('#');
    if (hashAt !== -1) {
      rec.fragment = percentEncode(rest.slice(hashAt + 1), fragmentSet);
      rest = rest.slice(0, hashAt);
    }
    const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
    let special;
    if (m) {
      rec.protocol = m[1].toLowerCase() + ':';
      special = rec.protocol in SPECIAL;
      rest = rest.slice(m[0].length);
      if (special) rest = rest.replace(/\\/g, '/');
      if (base && special && base.protocol === rec.protocol && !rest.startsWith('/')) {
        return relative(rest, base, rec, original);
      }
    } else {
      if (!base) throw invalid(original);
      if (base.opaque) {
        if (hashAt === 0 || input.startsWith('#')) {
          return Object.assign({}, base, { fragment: rec.fragment });
        }
        throw invalid(original);
      }
      rec.protocol = base.protocol;
      special = rec.protocol in SPECIAL;
      if (special) rest = rest.replace(/\\/g, '/');
      return relative(rest, base, rec, original);
    }
    return afterScheme(rest, rec, special, original);
  }

  function splitQuery(rest, rec, special) {
    const q = rest.indexOf('?');
    if (q !== -1) {
      rec.query = percentEncode(rest.slice(q + 1), special ? specialQuerySet : querySet);
      return rest.slice(0, q);
    }
    return rest;
  }

  function afterScheme(rest, rec, special, original) {
    if (special || rest.startsWith('//')) {
      if (special) rest = rest.replace(/^\/*/, '');
      else rest = rest.slice(2);
      let end = rest.search(/[/?]/);
      if (end === -1) end = rest.length;
      let authority = rest.slice(0, end);
      rest = rest.slice(end);
      const at = authority.lastIndexOf('@');
      if (at !== -1) {
        const userinfo = authority.slice(0, at);
        authority = authority.slice(at + 1);
        const colon = userinfo.indexOf(':');
        rec.username = percentEncode(colon === -1 ? userinfo : userinfo.slice(0, colon), userinfoSet);
        rec.password = colon === -1 ? '' : percentEncode(userinfo.slice(colon + 1), userinfoSet);
      }
      const portMatch = /:(\d*)$/.exec(authority);
      let host = authority;
      if (portMatch && !(authority.startsWith('[') && !authority.slice(0, portMatch.index).endsWith(']'))) {
        host = authority.slice(0, portMatch.index);
        if (portMatch[1] !== '') {
          const port = parseInt(portMatch[1], 10);
          if (port > 65535) throw invalid(original);
          rec.port = port === SPECIAL[rec.protocol] ? '' : `${port}`;
        }
      } else if (/:/.test(authority) && !/^\[.*\]$/.test(authority)) {
        throw invalid(original);
      }
      if (rec.protocol === 'file:') {
        rec.hostname = host === '' ? '' : parseHost(host, true, original);
        if (rec.hostname === 'localhost') rec.hostname = '';
      } else if (special) {
        rec.hostname = parseHost(host, true, original);
      } else {
        rec.hostname = parseHost(host, false, original);
      }
      rest = splitQuery(rest, rec, special);
      const segments = rest === '' ? (special ? [''] : []) : rest.slice(1).split('/');
      rec.path = normalizePath(segments.map((s) => percentEncode(s, pathSet)), special);
      if (special && rec.path.length === 0) rec.path = [''];
      return rec;
    }
    rest = splitQuery(rest, rec, special);
    if (rest.startsWith('/')) {
      rec.path = normalizePath(rest.slice(1).split('/').map((s) => percentEncode(s, pathSet)), false);
      return rec;
    }
    rec.opaque = true;
    rec.path = percentEncode(rest, (c) => false);
    return rec;
  }

  function relative(rest, base, rec, original) {
    const special = rec.protocol in SPECIAL;
    if (rest.startsWith('//')) {
      return afterScheme(rest, rec, special, original);
    }
    rec.username = base.username;
    rec.password = base.password;
    rec.hostname = base.hostname;
    rec.port = base.port;
    if (rest === '') {
      rec.path = base.path.slice();
      rec.query = base.query;
      return rec;
    }
    if (rest.startsWith('?')) {
      rec.path = base.path.slice();
      splitQuery(rest, rec, special);
      return rec;
    }
    rest = splitQuery(rest, rec, special);
    let segments;
    if (rest.startsWith('/')) {
      segments = rest.slice(1).split('/');
    } else {
      segments = base.path.slice(0, Math.max(0, base.path.length - 1)).concat(rest.split('/'));
    }
    rec.path = normalizePath(segments.map((s) => percentEncode(s, pathSet)), special);
    if (special && rec.path.length === 0) rec.path = [''];
    return rec;
  }

  function serializePath(rec) {
    if (rec.opaque) return rec.path;
    if (rec.path.length === 0) return '';
    return `/${rec.path.join('/')}`;
  }

  function hostOf(rec) {
    if (rec.hostname === null) return '';
    return rec.port === '' ? rec.hostname : `${rec.hostname}:${rec.port}`;
  }

  function serialize(rec, excludeFragment) {
    let out = rec.protocol;
    if (rec.hostname !== null) {
      out += '//';
      if (rec.username !== '' || rec.password !== '') {
        out += rec.username;
        if (rec.password !== '') out += `:${rec.password}`;
        out += '@';
      }
      out += hostOf(rec);
    } else if (!rec.opaque && rec.path.length > 1 && rec.path[0] === '') {
      out += '/.';
    }
    out += serializePath(rec);
    if (rec.query !== null) out += `?${rec.query}`;
    if (!excludeFragment && rec.fragment !== null) out += `#${rec.fragment}`;
    return out;
  }

  const records = new WeakMap();
  const paramsOwner = new WeakMap();
  const paramsOf = new WeakMap();

  class URLSearchParams {
    constructor(init = undefined) {
      const list = [];
      records.set(this, list);
      if (init === undefined || init === null) return;
      if (init instanceof URLSearchParams) {
        for (const pair of records.get(init)) list.push([pair[0], pair[1]]);
      } else if (typeof init === 'object' || typeof init === 'function') {
        if (typeof init[Symbol.iterator] === 'function') {
          for (const pair of init) {
            const items = Array.from(pair);
            if (items.length !== 2) {
              throw new TypeError('Each query pair must be an iterable [name, value] tuple');
            }
            list.push([`${items[0]}`, `${items[1]}`]);
          }
        } else {
          for (const key of Object.keys(init)) list.push([key, `${init[key]}`]);
        }
      } else {
        let str = `${init}`;
        if (str.startsWith('?')) str = str.slice(1);
        for (const pair of parseQuery(str)) list.push(pair);
      }
    }
    get size() { return records.get(this).length; }
    append(name, value) {
      records.get(this).push([`${name}`, `${value}`]);
      update(this);
    }
    delete(name, value) {
      name = `${name}`;
      const list = records.get(this);
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i][0] === name && (value === undefined || list[i][1] === `${value}`)) list.splice(i, 1);
      }
      update(this);
    }
    get(name) {
      name = `${name}`;
      for (const pair of records.get(this)) if (pair[0] === name) return pair[1];
      return null;
    }
    getAll(name) {
      name = `${name}`;
      return records.get(this).filter((p) => p[0] === name).map((p) => p[1]);
    }
    has(name, value) {
      name = `${name}`;
      return records.get(this).some((p) => p[0] === name && (value === undefined || p[1] === `${value}`));
    }
    set(name, value) {
      name = `${name}`;
      value = `${value}`;
      const list = records.get(this);
      const first = list.findIndex((p) => p[0] === name);
      if (first === -1) {
        list.push([name, value]);
      } else {
        list[first][1] = value;
        for (let i = list.length - 1; i > first; i--) if (list[i][0] === name) list.splice(i, 1);
      }
      update(this);
    }
    sort() {
      const list = records.get(this);
      const sorted = list.map((p, i) => [p, i]).sort((a, b) => {
        if (a[0][0] < b[0][0]) return -1;
        if (a[0][0] > b[0][0]) return 1;
        return a[1] - b[1];
      });
      list.length = 0;
      for (const [p] of sorted) list.push(p);
      update(this);
    }
    forEach(callback, thisArg) {
      if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
      for (const [k, v] of records.get(this).slice()) callback.call(thisArg, v, k, this);
    }
    keys() { return records.get(this).map((p) => p[0])[Symbol.iterator](); }
    values() { return records.get(this).map((p) => p[1])[Symbol.iterator](); }
    entries() { return records.get(this).map((p) => [p[0], p[1]])[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() {
      return records.get(this).map((p) => `${formEncode(p[0])}=${formEncode(p[1])}`).join('&');
    }
    get [Symbol.toStringTag]() { return 'URLSearchParams'; }
    [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
      const list = records.get(this);
      if (list.length === 0) return 'URLSearchParams {}';
      const parts = list.map((p) => `${inspect(p[0])} => ${inspect(p[1])}`);
      return `URLSearchParams { ${parts.join(', ')} }`;
    }
  }

  // Writes a URL's search params back into it.
  function update(params) {
    const url = paramsOwner.get(params);
    if (url === undefined) return;
    const rec = records.get(url);
    const serialized = params.toString();
    rec.query = serialized === '' ? null : serialized;
  }

  class URL {
    constructor(input, base = undefined) {
      input = `${input}`;
      let baseRecord;
      if (base !== undefined) {
        baseRecord = base instanceof URL ? records.get(base) : parse(`${base}`);
      }
      const rec = parse(input, baseRecord);
      records.set(this, rec);
      const params = new URLSearchParams(rec.query || '');
      paramsOwner.set(params, this);
      paramsOf.set(this, params);
    }
    static canParse(input, base = undefined) {
      try {
        new URL(input, base);
        return true;
      } catch (e) {
        return false;
      }
    }
    static parse(input, base = undefined) {
      try {
        return new URL(input, base);
      } catch (e) {
        return null;
      }
    }
    get href() { return serialize(records.get(this)); }
    set href(value) {
      const rec = parse(`${value}`);
      records.set(this, rec);
      resetParams(this);
    }
    get origin() {
      const rec = records.get(this);
      if (rec.protocol === 'blob:' && rec.opaque) {
        try { return new URL(rec.path).origin; } catch (e) { return 'null'; }
      }
      if (!(rec.protocol in SPECIAL) || rec.protocol === 'file:') return 'null';
      return `${rec.protocol}//${hostOf(rec)}`;
    }
    get protocol() { return records.get(this).protocol; }
    set protocol(value) {
      const rec = records.get(this);
      const m = /^([A-Za-z][A-Za-z0-9+.-]*)/.exec(`${value}`);
      if (!m) return;
      const protocol = `${m[1].toLowerCase()}:`;
      if ((protocol in SPECIAL) !== (rec.protocol in SPECIAL)) return;
      rec.protocol = protocol;
      if (rec.port !== '' && SPECIAL[protocol] === +rec.port) rec.port = '';
    }
    get username() { return records.get(this).username; }
    set username(value) {
      const rec = records.get(this);
      if (rec.hostname === null || rec.hostname === '') return;
      rec.username = percentEncode(`${value}`, userinfoSet);
    }
    get password() { return records.get(this).password; }
    set password(value) {
      const rec = records.get(this);
      if (rec.hostname === null || rec.hostname === '') return;
      rec.password = percentEncode(`${value}`, userinfoSet);
    }
    get host() { return hostOf(records.get(this)); }
    set host(value) {
      const rec = records.get(this);
      if (rec.opaque) return;
      try {
        const parsed = parse(`${rec.protocol}//${value}`);
        rec.hostname = parsed.hostname;
        if (/:\d*$/.test(`${value}`)) rec.port = parsed.port;
      } catch (e) { /* ignored, as in browsers */ }
    }
    get hostname() { const h = records.get(this).hostname; return h === null ? '' : h; }
    set hostname(value) {
      const rec = records.get(this);
      if (rec.opaque) return;
      try {
        rec.hostname = parse(`${rec.protocol}//${`${value}`.replace(/:.*$/, '')}`).hostname;
      } catch (e) { /* ignored */ }
    }
    get port() { return records.get(this).port; }
    set port(value) {
      const rec = records.get(this);
      if (rec.hostname === null || rec.hostname === '' || rec.protocol === 'file:') return;
      const str = `${value}`;
      if (str === '') { rec.port = ''; return; }
      const m = /^\d+/.exec(str);
      if (!m) return;
      const port = parseInt(m[0], 10);
      if (port > 65535) return;
      rec.port = port === SPECIAL[rec.protocol] ? '' : `${port}`;
    }
    get pathname() { return serializePath(records.get(this)); }
    set pathname(value) {
      const rec = records.get(this);
      if (rec.opaque) return;
      const special = rec.protocol in SPECIAL;
      let str = `${value}`;
      if (special) str = str.replace(/\\/g, '/');
      if (!str.startsWith('/')) str = `/${str}`;
      rec.path = normalizePath(str.slice(1).split('/').map((s) => percentEncode(s, pathSet)), special);
      if (special && rec.path.length === 0) rec.path = [''];
    }
    get search() {
      const q = records.get(this).query;
      return q === null || q === '' ? '' : `?${q}`;
    }
    set search(value) {
      const rec = records.get(this);
      let str = `${value}`;
      if (str.startsWith('?')) str = str.slice(1);
      rec.query = str === '' ? null : percentEncode(str, rec.protocol in SPECIAL ? specialQuerySet : querySet);
      resetParams(this);
    }
    get searchParams() { return paramsOf.get(this); }
    get hash() {
      const f = records.get(this).fragment;
      return f === null || f === '' ? '' : `#${f}`;
    }
    set hash(value) {
      const rec = records.get(this);
      let str = `${value}`;
      if (str.startsWith('#')) str = str.slice(1);
      rec.fragment = str === '' ? null : percentEncode(str, fragmentSet);
    }
    toString() { return this.href; }
    toJSON() { return this.href; }
    get [Symbol.toStringTag]() { return 'URL'; }
    [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
      const obj = {
        href: this.href, origin: this.origin, protocol: this.protocol, username: this.username,
        password: this.password, host: this.host, hostname: this.hostname, port: this.port,
        pathname: this.pathname, search: this.search, searchParams: this.searchParams, hash: this.hash,
      };
      if (depth !== null && depth < 0) return '[URL]';
      return `URL ${inspect(obj, Object.assign({}, options, { depth: depth === null ? null : depth }))}`;
    }
  }

  // Reloads a URL's searchParams from its query.
  function resetParams(url) {
    const params = paramsOf.get(url);
    const list = records.get(params);
    list.length = 0;
    for (const pair of parseQuery(records.get(url).query || '')) list.push(pair);
  }

  function fileURLToPath(url) {
    const u = typeof url === 'string' ? new URL(url) : url;
    if (u.protocol !== 'file:') throw new TypeError('The URL must be of scheme file');
    return percentDecode(u.pathname);
  }

  function pathToFileURL(path) {
    const url = new URL('file://');
    url.pathname = require('path').resolve(`${path}`);
    return url;
  }

  module.exports = { URL, URLSearchParams, fileURLToPath, pathToFileURL };
})
