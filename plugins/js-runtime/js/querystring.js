// require('querystring'): parse and stringify, after Node's.
(function (module, exports, require, native) {
  'use strict';

  function escape(str) {
    if (typeof str !== 'string') {
      if (typeof str === 'object') str = String(str);
      else str += '';
    }
    return encodeURIComponent(str);
  }

  // Lenient decoding: bad escapes are kept as they are.
  function unescape(str) {
    try {
      return decodeURIComponent(str);
    } catch (e) {
      return str.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
        try {
          return decodeURIComponent(run);
        } catch (e2) {
          const bytes = new Uint8Array(run.length / 3);
          for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
          return native.decode(bytes, 'utf8');
        }
      });
    }
  }

  function stringifyPrimitive(v) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && isFinite(v)) return `${v}`;
    if (typeof v === 'bigint') return `${v}`;
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return '';
  }

  function stringify(obj, sep = '&', eq = '=', options = undefined) {
    sep = sep || '&';
    eq = eq || '=';
    const encode = options && typeof options.encodeURIComponent === 'function'
      ? options.encodeURIComponent : escape;
    if (obj === null || typeof obj !== 'object') return '';
    const fields = [];
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      const ks = `${encode(stringifyPrimitive(k))}${eq}`;
      if (Array.isArray(v)) {
        for (const item of v) fields.push(ks + encode(stringifyPrimitive(item)));
      } else {
        fields.push(ks + encode(stringifyPrimitive(v)));
      }
    }
    return fields.join(sep);
  }

  function parse(qs, sep = '&', eq = '=', options = undefined) {
    const obj = Object.create(null);
    if (typeof qs !== 'string' || qs.length === 0) return obj;
    sep = sep ? `${sep}` : '&';
    eq = eq ? `${eq}` : '=';
    let maxKeys = 1000;
    if (options && typeof options.maxKeys === 'number') maxKeys = options.maxKeys;
    const decode = options && typeof options.decodeURIComponent === 'function'
      ? options.decodeURIComponent : unescape;
    let pairs = qs.split(sep);
    if (maxKeys > 0 && pairs.length > maxKeys) pairs = pairs.slice(0, maxKeys);
    for (const pair of pairs) {
      if (pair.length === 0) continue;
      const idx = pair.indexOf(eq);
      const rawKey = idx >= 0 ? pair.slice(0, idx) : pair;
      const rawValue = idx >= 0 ? pair.slice(idx + eq.length) : '';
      let key, value;
      try { key = decode(rawKey.replace(/\+/g, ' ')); } catch (e) { key = unescape(rawKey.replace(/\+/g, ' ')); }
      try { value = decode(rawValue.replace(/\+/g, ' ')); } catch (e) { value = unescape(rawValue.replace(/\+/g, ' ')); }
      const current = obj[key];
      if (current === undefined) obj[key] = value;
      else if (Array.isArray(current)) current.push(value);
      else obj[key] = [current, value];
    }
    return obj;
  }

  module.exports = { parse, stringify, decode: parse, encode: stringify, escape, unescape };
})
