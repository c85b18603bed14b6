// require('path'): POSIX paths; the working directory is "/".
(function (module, exports, require, native) {
  'use strict';

  function check(value, name) {
    if (typeof value !== 'string') {
      throw new TypeError(`The "${name}" argument must be of type string. Received ${value === null ? 'null' : typeof value}`);
    }
  }

  // Resolves "." and ".." in a path without its leading slash.
  function normalizeSegments(path, allowAboveRoot) {
    const out = [];
    for (const part of path.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
        else if (allowAboveRoot) out.push('..');
      } else {
        out.push(part);
      }
    }
    return out.join('/');
  }

  function normalize(path) {
    check(path, 'path');
    if (path === '') return '.';
    const absolute = path[0] === '/';
    const trailing = path[path.length - 1] === '/';
    let result = normalizeSegments(path, !absolute);
    if (result === '') {
      if (absolute) return '/';
      return trailing ? './' : '.';
    }
    if (trailing) result += '/';
    return absolute ? `/${result}` : result;
  }

  function join(...parts) {
    const kept = [];
    for (const part of parts) {
      check(part, 'path');
      if (part !== '') kept.push(part);
    }
    if (kept.length === 0) return '.';
    return normalize(kept.join('/'));
  }

  function resolve(...parts) {
    let resolved = '';
    let absolute = false;
    for (let i = parts.length - 1; i >= -1 && !absolute; i--) {
      const part = i >= 0 ? parts[i] : '/';
      check(part, `paths[${i}]`);
      if (part === '') continue;
      resolved = `${part}/${resolved}`;
      absolute = part[0] === '/';
    }
    resolved = normalizeSegments(resolved, !absolute);
    if (absolute) return `/${resolved}`;
    return resolved === '' ? '.' : resolved;
  }

  function isAbsolute(path) {
    check(path, 'path');
    return path.length > 0 && path[0] === '/';
  }

  function dirname(path) {
    check(path, 'path');
    if (path === '') return '.';
    const hasRoot = path[0] === '/';
    let end = -1;
    let matchedSlash = true;
    for (let i = path.length - 1; i >= 1; i--) {
      if (path[i] === '/') {
        if (!matchedSlash) {
          end = i;
          break;
        }
      } else {
        matchedSlash = false;
      }
    }
    if (end === -1) return hasRoot ? '/' : '.';
    if (hasRoot && end === 1) return '//';
    return path.slice(0, end);
  }

  function basename(path, suffix) {
    check(path, 'path');
    if (suffix !== undefined) check(suffix, 'suffix');
    let end = path.length;
    while (end > 0 && path[end - 1] === '/') end--;
    if (end === 0) return '';
    const start = path.lastIndexOf('/', end - 1) + 1;
    let base = path.slice(start, end);
    if (suffix !== undefined && suffix !== '' && suffix !== base && base.endsWith(suffix)) {
      base = base.slice(0, base.length - suffix.length);
    }
    return base;
  }

  function extname(path) {
    check(path, 'path');
    const base = basename(path);
    let lead = 0;
    while (lead < base.length && base[lead] === '.') lead++;
    const rest = base.slice(lead);
    const dot = rest.lastIndexOf('.');
    if (dot === -1) return '';
    return rest.slice(dot);
  }

  function relative(from, to) {
    check(from, 'from');
    check(to, 'to');
    if (from === to) return '';
    const a = resolve(from).split('/').filter(Boolean);
    const b = resolve(to).split('/').filter(Boolean);
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    const up = a.slice(i).map(() => '..');
    return up.concat(b.slice(i)).join('/');
  }

  function parse(path) {
    check(path, 'path');
    const root = path[0] === '/' ? '/' : '';
    const base = basename(path);
    const ext = extname(path);
    let dir = dirname(path);
    let end = path.length;
    while (end > 1 && path[end - 1] === '/') end--;
    if (path.lastIndexOf('/', end - 1) === -1 || base === '') dir = root;
    return { root, dir, base, ext, name: ext === '' ? base : base.slice(0, base.length - ext.length) };
  }

  function format(obj) {
    if (obj === null || typeof obj !== 'object') {
      throw new TypeError('The "pathObject" argument must be of type object.');
    }
    const dir = obj.dir || obj.root;
    const base = obj.base || `${obj.name || ''}${obj.ext ? (obj.ext[0] === '.' ? '' : '.') + obj.ext : ''}`;
    if (!dir) return base;
    return dir === obj.root ? `${dir}${base}` : `${dir}/${base}`;
  }

  function toNamespacedPath(path) { return path; }

  const path = {
    sep: '/',
    delimiter: ':',
    normalize,
    join,
    resolve,
    isAbsolute,
    dirname,
    basename,
    extname,
    relative,
    parse,
    format,
    toNamespacedPath,
  };
  path.posix = path;
  module.exports = path;
})
