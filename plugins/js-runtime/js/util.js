// require('util'): format, inspect and a few helpers, after Node's.
(function (module, exports, require, native) {
  'use strict';
  const hasOwn = Object.prototype.hasOwnProperty;
  const objectToString = Object.prototype.toString;
  const functionToString = Function.prototype.toString;
  const getPrototypeOf = Object.getPrototypeOf;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const TypedArrayProto = getPrototypeOf(Uint8Array.prototype);
  const typedArrayTag = getOwnPropertyDescriptor(TypedArrayProto, Symbol.toStringTag).get;
  const mapSize = getOwnPropertyDescriptor(Map.prototype, 'size').get;
  const setSize = getOwnPropertyDescriptor(Set.prototype, 'size').get;
  const arrayBufferByteLength = getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
  const dateGetTime = Date.prototype.getTime;
  const dateToISOString = Date.prototype.toISOString;
  const regExpToString = RegExp.prototype.toString;
  const symbolToString = Symbol.prototype.toString;
  const errorToString = Error.prototype.toString;

  const customInspect = Symbol.for('nodejs.util.inspect.custom');
  // Built-in constructors, told apart from user classes.
  const builtinFunctions = new Set([TypedArrayProto.constructor,
    getPrototypeOf(async function () {}).constructor, getPrototypeOf(function* () {}).constructor,
    getPrototypeOf(async function* () {}).constructor]);
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    const d = getOwnPropertyDescriptor(globalThis, name);
    if (d && typeof d.value === 'function') builtinFunctions.add(d.value);
  }
  const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

  const defaultOptions = {
    showHidden: false,
    depth: 2,
    colors: false,
    customInspect: true,
    showProxy: false,
    maxArrayLength: 100,
    maxStringLength: 10000,
    breakLength: 80,
    compact: 3,
    sorted: false,
    getters: false,
  };

  function is(value, check) {
    try { check.call(value); return true; } catch (e) { return false; }
  }
  const isMap = (v) => is(v, mapSize);
  const isSet = (v) => is(v, setSize);
  const isDate = (v) => is(v, dateGetTime);
  const isArrayBuffer = (v) => is(v, arrayBufferByteLength);
  const isRegExp = (v) => objectToString.call(v) === '[object RegExp]' && v instanceof RegExp;
  const isTypedArray = (v) => typedArrayTag.call(v) !== undefined;
  const isError = (v) => v instanceof Error || objectToString.call(v) === '[object Error]';
  const isPromise = (v) => native.promiseState(v) !== undefined;
  function boxedKind(v) {
    const tag = objectToString.call(v);
    if (tag === '[object Number]' && is(v, Number.prototype.valueOf)) return 'Number';
    if (tag === '[object String]' && is(v, String.prototype.valueOf)) return 'String';
    if (tag === '[object Boolean]' && is(v, Boolean.prototype.valueOf)) return 'Boolean';
    if (tag === '[object Symbol]' && is(v, Symbol.prototype.valueOf)) return 'Symbol';
    if (tag === '[object BigInt]' && is(v, BigInt.prototype.valueOf)) return 'BigInt';
    return undefined;
  }

  // --- strings

  const meta = ['\\x00', '\\x01', '\\x02', '\\x03', '\\x04', '\\x05', '\\x06', '\\x07',
    '\\b', '\\t', '\\n', '\\x0B', '\\f', '\\r', '\\x0E', '\\x0F', '\\x10', '\\x11', '\\x12',
    '\\x13', '\\x14', '\\x15', '\\x16', '\\x17', '\\x18', '\\x19', '\\x1A', '\\x1B', '\\x1C',
    '\\x1D', '\\x1E', '\\x1F'];

  function strEscape(str) {
    let quote = "'";
    if (str.includes("'")) {
      if (!str.includes('"')) quote = '"';
      else if (!str.includes('`') && !str.includes('${')) quote = '`';
    }
    let out = '';
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      const ch = str[i];
      if (ch === quote || ch === '\\') out += '\\' + ch;
      else if (c < 0x20) out += meta[c];
      else if (c === 0x7f) out += '\\x7F';
      else if (c >= 0xd800 && c <= 0xdfff) {
        const next = str.charCodeAt(i + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { out += ch + str[i + 1]; i++; }
        else out += `\\u${c.toString(16).toUpperCase()}`;
      } else out += ch;
    }
    return quote + out + quote;
  }

  function formatNumber(n) {
    return Object.is(n, -0) ? '-0' : `${n}`;
  }

  function formatPrimitive(ctx, value) {
    switch (typeof value) {
      case 'string': {
        let trailer = '';
        if (value.length > ctx.maxStringLength) {
          const remaining = value.length - ctx.maxStringLength;
          value = value.slice(0, ctx.maxStringLength);
          trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
        }
        if (ctx.compact !== true && value.length > 16 &&
            value.length > ctx.breakLength - ctx.indentationLvl - 4) {
          const lines = value.split(/(?<=\n)/);
          if (lines.length > 1) {
            return lines.map(strEscape).join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
          }
        }
        return strEscape(value) + trailer;
      }
      case 'number': return formatNumber(value);
      case 'bigint': return `${value}n`;
      case 'boolean': return `${value}`;
      case 'undefined': return 'undefined';
      case 'symbol': return symbolToString.call(value);
    }
    return String(value);
  }

  // --- objects

  function getConstructorName(obj) {
    let proto = obj;
    let depth = 0;
    while (proto !== null && depth < 1000) {
      let desc;
      try { desc = getOwnPropertyDescriptor(proto, 'constructor'); } catch (e) { desc = undefined; }
      if (desc !== undefined && typeof desc.value === 'function' && desc.value.name !== '') {
        return desc.value.name;
      }
      try { proto = getPrototypeOf(proto); } catch (e) { return null; }
      depth++;
    }
    return null;
  }

  function getPrefix(constructor, tag, fallback, size = '') {
    if (constructor === null) {
      if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
      return `[${fallback}${size}: null prototype] `;
    }
    if (tag !== '' && constructor !== tag) return `${constructor}${size} [${tag}] `;
    return `${constructor}${size} `;
  }

  function getKeys(value, showHidden) {
    let keys;
    const symbols = Object.getOwnPropertySymbols(value);
    if (showHidden) {
      keys = Object.getOwnPropertyNames(value);
      if (symbols.length !== 0) keys.push(...symbols);
    } else {
      try { keys = Object.keys(value); } catch (e) { keys = []; }
      for (const s of symbols) {
        const d = getOwnPropertyDescriptor(value, s);
        if (d && d.enumerable) keys.push(s);
      }
    }
    return keys;
  }

  function functionBase(value, constructor, tag) {
    let source = '';
    try { source = functionToString.call(value); } catch (e) { /* ignore */ }
    let isClass = source.startsWith('class') && /^class\s*[\s{A-Za-z_$]/.test(source);
    if (!isClass && !builtinFunctions.has(value)) {
      // The engine does not keep a class's source text; class constructors
      // (unlike functions) have a non-writable prototype.
      const proto = getOwnPropertyDescriptor(value, 'prototype');
      isClass = proto !== undefined && proto.writable === false;
    }
    if (isClass) {
      const name = value.name;
      let base = `[class ${name || '(anonymous)'}`;
      if (constructor !== 'Function' && constructor !== null) base += ` [${constructor}]`;
      if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
      const superClass = getPrototypeOf(value);
      if (superClass && superClass.name) base += ` extends ${superClass.name}`;
      return base + ']';
    }
    let type = 'Function';
    if (source.startsWith('async function*') || (tag === 'AsyncGeneratorFunction')) type = 'AsyncGeneratorFunction';
    else if (source.startsWith('function*') || tag === 'GeneratorFunction') type = 'GeneratorFunction';
    else if (source.startsWith('async') || tag === 'AsyncFunction') type = 'AsyncFunction';
    let base = `[${type}`;
    if (constructor === null) base += ' (null prototype)';
    base += value.name === '' || typeof value.name !== 'string' ? ' (anonymous)' : `: ${value.name}`;
    base += ']';
    if (constructor !== type && constructor !== null) base += ` ${constructor}`;
    if (tag !== '' && constructor !== tag && tag !== type) base += ` [${tag}]`;
    return base;
  }

  function formatErrorBase(err) {
    let name, message;
    try { name = err.name; } catch (e) { name = 'Error'; }
    try { message = err.message; } catch (e) { message = ''; }
    name = name === undefined ? 'Error' : `${name}`;
    message = message === undefined ? '' : `${message}`;
    let base = message === '' ? name : (name === '' ? message : `${name}: ${message}`);
    let stack;
    try { stack = err.stack; } catch (e) { stack = undefined; }
    if (typeof stack === 'string' && stack !== '') {
      const at = stack.indexOf('\n    at ');
      if (at !== -1) base += stack.slice(at);
    }
    return base;
  }

  function formatValue(ctx, value, recurseTimes, typedArray) {
    if (typeof value !== 'object' && typeof value !== 'function') {
      return formatPrimitive(ctx, value);
    }
    if (value === null) return 'null';

    if (ctx.customInspect) {
      let maybeCustom;
      try { maybeCustom = value[customInspect]; } catch (e) { maybeCustom = undefined; }
      if (typeof maybeCustom === 'function' && maybeCustom !== inspect) {
        const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
        const options = Object.assign({}, ctx.userOptions, { depth });
        const ret = maybeCustom.call(value, depth, options, inspect);
        if (ret !== value) {
          if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes);
          return ret.split('\n').join(`\n${' '.repeat(ctx.indentationLvl)}`);
        }
      }
    }

    if (ctx.seen.includes(value)) {
      let index = ctx.circular.get(value);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(value, index);
      }
      return `[Circular *${index}]`;
    }
    return formatRaw(ctx, value, recurseTimes, typedArray);
  }

  const kObjectType = 0;
  const kArrayType = 1;
  const kArrayExtrasType = 2;

  function formatRaw(ctx, value, recurseTimes, typedArray) {
    let keys;
    const constructor = getConstructorName(value);
    let tag = '';
    try { tag = value[Symbol.toStringTag]; } catch (e) { tag = ''; }
    // Only shown when not an own enumerable property (printed as a key then).
    if (typeof tag !== 'string' || (tag !== '' &&
        (ctx.showHidden ? hasOwn : Object.prototype.propertyIsEnumerable).call(value, Symbol.toStringTag))) {
      tag = '';
    }
    let base = '';
    let formatter = formatObjectEntries;
    let braces;
    let noIterator = true;
    let extrasType = kObjectType;
    let filterIndices = false;

    if (Array.isArray(value)) {
      const prefix = (constructor !== 'Array' || tag !== '')
        ? getPrefix(constructor, tag, 'Array', `(${value.length})`) : '';
      keys = getKeys(value, ctx.showHidden);
      filterIndices = true;
      braces = [`${prefix}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      extrasType = kArrayExtrasType;
      formatter = formatArray;
      noIterator = false;
    } else if (isSet(value)) {
      const size = setSize.call(value);
      const prefix = getPrefix(constructor, tag, 'Set', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = formatSet;
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
      noIterator = false;
    } else if (isMap(value)) {
      const size = mapSize.call(value);
      const prefix = getPrefix(constructor, tag, 'Map', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = formatMap;
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
      noIterator = false;
    } else if (isTypedArray(value)) {
      const fallback = typedArrayTag.call(value);
      const size = value.length;
      const prefix = getPrefix(constructor, tag, fallback, `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      filterIndices = true;
      braces = [`${prefix}[`, ']'];
      if (size === 0 && keys.length === 0) return `${braces[0]}]`;
      formatter = formatTypedArray;
      extrasType = kArrayExtrasType;
      noIterator = false;
    }

    if (noIterator) {
      keys = getKeys(value, ctx.showHidden);
      braces = ['{', '}'];
      const plainTag = objectToString.call(value);
      if (constructor === 'Object' && plainTag !== '[object Arguments]' &&
          !isError(value) && boxedKind(value) === undefined && !isPromise(value)) {
        if (tag !== '') braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
        if (keys.length === 0) return `${braces[0]}}`;
      } else if (typeof value === 'function') {
        base = functionBase(value, constructor, tag);
        if (keys.length === 0) return base;
      } else if (plainTag === '[object Arguments]') {
        braces[0] = '[Arguments] [';
        braces[1] = ']';
        extrasType = kArrayExtrasType;
        formatter = formatArray;
        filterIndices = true;
        if (value.length === 0 && keys.length === 0) return '[Arguments] []';
      } else if (isRegExp(value)) {
        base = regExpToString.call(value);
        const prefix = getPrefix(constructor, tag, 'RegExp');
        if (prefix !== 'RegExp ') base = `${prefix}${base}`;
        if (keys.length === 0 || recurseTimes > ctx.depth) return base;
      } else if (isDate(value)) {
        const time = dateGetTime.call(value);
        base = Number.isNaN(time) ? 'Invalid Date' : dateToISOString.call(value);
        const prefix = getPrefix(constructor, tag, 'Date');
        if (prefix !== 'Date ') base = `${prefix}${base}`;
        if (keys.length === 0) return base;
      } else if (isError(value)) {
        base = formatErrorBase(value);
        keys = keys.filter((k) => k !== 'stack' && k !== 'message');
        if (keys.length === 0) return base;
      } else if (isArrayBuffer(value)) {
        const bytes = new Uint8Array(value);
        const prefix = getPrefix(constructor, tag, 'ArrayBuffer');
        if (recurseTimes > ctx.depth) return `[${prefix.trim()}]`;
        let hex = '';
        const shown = Math.min(bytes.length, 50);
        for (let i = 0; i < shown; i++) {
          hex += (i === 0 ? '' : ' ') + (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
        }
        if (bytes.length > shown) hex += ` ... ${bytes.length - shown} more byte${bytes.length - shown > 1 ? 's' : ''}`;
        const output = [`[Uint8Contents]: <${hex}>`, `byteLength: ${formatNumber(bytes.length)}`];
        braces[0] = `${prefix}{`;
        return reduceToSingleString(ctx, output, '', braces, kObjectType, recurseTimes, value);
      } else if (boxedKind(value) !== undefined) {
        const kind = boxedKind(value);
        const inner = formatPrimitive(Object.assign({}, ctx, { compact: true }),
          kind === 'Number' ? Number.prototype.valueOf.call(value)
            : kind === 'String' ? String.prototype.valueOf.call(value)
              : kind === 'Boolean' ? Boolean.prototype.valueOf.call(value)
                : kind === 'Symbol' ? Symbol.prototype.valueOf.call(value)
                  : BigInt.prototype.valueOf.call(value));
        base = `[${kind}`;
        if (kind !== constructor) base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
        base += `: ${inner}]`;
        if (kind === 'String') keys = keys.filter((k) => typeof k !== 'string' || !/^\d+$/.test(k) || +k >= value.length);
        if (keys.length === 0) return base;
      } else if (isPromise(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'Promise')}{`;
        formatter = formatPromise;
      } else if (value instanceof WeakMap || value instanceof WeakSet) {
        braces[0] = `${getPrefix(constructor, tag, value instanceof WeakMap ? 'WeakMap' : 'WeakSet')}{`;
        formatter = () => ['<items unknown>'];
      } else {
        if (tag === '' && /^\[object (Map|Set|Array|String|RegExp String) Iterator\]$/.test(objectToString.call(value))) {
          tag = objectToString.call(value).slice(8, -1);
        }
        braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
        if (keys.length === 0) return `${braces[0]}}`;
      }
    }

    if (recurseTimes > ctx.depth && ctx.depth !== null) {
      let name = constructor === null ? 'Object: null prototype' : constructor;
      if (tag !== '' && tag !== name) name = `${name} [${tag}]`;
      if (Array.isArray(value)) name = constructor === null ? 'Array: null prototype' : constructor;
      return `[${name}]`;
    }
    recurseTimes += 1;
    ctx.seen.push(value);
    ctx.currentDepth = recurseTimes;
    let output;
    try {
      output = formatter(ctx, value, recurseTimes);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (filterIndices && typeof k === 'string' && isIndex(k, value)) continue;
        output.push(formatProperty(ctx, value, recurseTimes, k, extrasType));
      }
    } finally {
      ctx.seen.pop();
    }
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const reference = `<ref *${index}>`;
      base = base === '' ? reference : `${reference} ${base}`;
    }
    if (ctx.sorted) {
      const comparator = ctx.sorted === true ? undefined : ctx.sorted;
      if (extrasType === kObjectType) output.sort(comparator);
    }
    return reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
  }

  function isIndex(key, value) {
    if (!/^(0|[1-9][0-9]*)$/.test(key)) return false;
    const n = +key;
    return n < 4294967295 && (typeof value.length !== 'number' || n < value.length);
  }

  function formatObjectEntries() { return []; }

  function formatArray(ctx, value, recurseTimes) {
    const len = value.length;
    const shown = Math.min(Math.max(0, ctx.maxArrayLength), len);
    const output = [];
    let holes = 0;
    for (let i = 0; i < shown; i++) {
      if (!hasOwn.call(value, i)) {
        holes++;
        continue;
      }
      if (holes > 0) {
        output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
        holes = 0;
      }
      output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
    }
    if (holes > 0) output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
    if (len > shown) {
      const remaining = len - shown;
      output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
    }
    return output;
  }

  function formatTypedArray(ctx, value) {
    const len = value.length;
    const shown = Math.min(Math.max(0, ctx.maxArrayLength), len);
    const output = [];
    for (let i = 0; i < shown; i++) {
      const v = value[i];
      output.push(typeof v === 'bigint' ? `${v}n` : formatNumber(v));
    }
    if (len > shown) {
      const remaining = len - shown;
      output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
    }
    if (ctx.showHidden) {
      ctx.indentationLvl += 2;
      output.push(`[BYTES_PER_ELEMENT]: ${value.BYTES_PER_ELEMENT}`,
        `[length]: ${value.length}`, `[byteLength]: ${value.byteLength}`,
        `[byteOffset]: ${value.byteOffset}`, `[buffer]: ${formatValue(ctx, value.buffer, 0)}`);
      ctx.indentationLvl -= 2;
    }
    return output;
  }

  function formatSet(ctx, value, recurseTimes) {
    const output = [];
    ctx.indentationLvl += 2;
    for (const v of Set.prototype.values.call(value)) {
      output.push(formatValue(ctx, v, recurseTimes));
    }
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatMap(ctx, value, recurseTimes) {
    const output = [];
    ctx.indentationLvl += 2;
    for (const [k, v] of Map.prototype.entries.call(value)) {
      output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
    }
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatPromise(ctx, value, recurseTimes) {
    const state = native.promiseState(value);
    if (state[0] === 'pending') return ['<pending>'];
    ctx.indentationLvl += 2;
    const str = formatValue(ctx, state[1], recurseTimes);
    ctx.indentationLvl -= 2;
    return [state[0] === 'rejected' ? `<rejected> ${str}` : str];
  }

  function formatProperty(ctx, value, recurseTimes, key, type) {
    let name, str;
    let desc = getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
    if (desc.value !== undefined || !('get' in desc || 'set' in desc)) {
      const diff = ctx.compact !== true || type !== kObjectType ? 2 : 3;
      ctx.indentationLvl += diff;
      str = formatValue(ctx, desc.value, recurseTimes);
      ctx.indentationLvl -= diff;
    } else if (desc.get !== undefined) {
      const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
      if (ctx.getters) {
        try {
          const tmp = desc.get.call(value);
          ctx.indentationLvl += 2;
          str = `[${label}: ${formatValue(ctx, tmp, recurseTimes)}]`;
          ctx.indentationLvl -= 2;
        } catch (err) {
          str = `[${label}: <Inspection threw (${err && err.message})>]`;
        }
      } else {
        str = `[${label}]`;
      }
    } else if (desc.set !== undefined) {
      str = '[Setter]';
    } else {
      str = 'undefined';
    }
    if (type === kArrayType) return str;
    if (typeof key === 'symbol') {
      name = `[${symbolToString.call(key)}]`;
    } else if (key === '__proto__') {
      name = "['__proto__']";
    } else if (desc.enumerable === false) {
      name = `[${keyStrRegExp.test(key) ? key : strEscape(key)}]`;
    } else if (keyStrRegExp.test(key)) {
      name = key;
    } else {
      name = strEscape(key);
    }
    return `${name}: ${str}`;
  }

  function isBelowBreakLength(ctx, output, start, base) {
    let totalLength = output.length + start;
    if (totalLength + output.length > ctx.breakLength) return false;
    for (let i = 0; i < output.length; i++) {
      totalLength += output[i].length;
      if (totalLength > ctx.breakLength) return false;
    }
    return base === '' || !base.includes('\n');
  }

  function groupArrayElements(ctx, output, value) {
    let totalLength = 0;
    let maxLength = 0;
    let outputLength = output.length;
    if (outputLength > 0 && output[outputLength - 1].startsWith('... ') &&
        / more items?$/.test(output[outputLength - 1])) {
      outputLength--;
    }
    const separatorSpace = 2;
    const dataLen = new Array(outputLength);
    for (let i = 0; i < outputLength; i++) {
      const len = output[i].length;
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
        (totalLength / actualMax > 5 || maxLength <= 6)) {
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(
        Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
        Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
        ctx.compact * 4,
        15,
      );
      if (columns <= 1) return output;
      const maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < outputLength; j += columns) {
          if (dataLen[j] > lineLength) lineLength = dataLen[j];
        }
        maxLineLength.push(lineLength + separatorSpace);
      }
      let padStart = true;
      if (value !== undefined) {
        for (let i = 0; i < outputLength; i++) {
          if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
            padStart = false;
            break;
          }
        }
      }
      const grouped = [];
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let line = '';
        let j = i;
        for (; j < max - 1; j++) {
          const cell = `${output[j]}, `;
          line += padStart ? cell.padStart(maxLineLength[j - i], ' ') : cell.padEnd(maxLineLength[j - i], ' ');
        }
        if (padStart) {
          line += output[j].padStart(maxLineLength[j - i] - separatorSpace, ' ');
        } else {
          line += output[j];
        }
        grouped.push(line);
      }
      for (let i = outputLength; i < output.length; i++) grouped.push(output[i]);
      return grouped;
    }
    return output;
  }

  function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
    if (ctx.compact !== true) {
      if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
        const entries = output.length;
        if (extrasType === kArrayExtrasType && entries > 6) {
          output = groupArrayElements(ctx, output, value);
        }
        if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
          const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
          if (isBelowBreakLength(ctx, output, start, base)) {
            const joined = output.join(', ');
            if (!joined.includes('\n')) {
              return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
            }
          }
        }
      }
      const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
      return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
    }
    if (isBelowBreakLength(ctx, output, 0, base)) {
      return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ${braces[1]}`;
    }
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
    const ln = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${' '.repeat(ctx.indentationLvl)}  `;
    return `${braces[0]}${ln}${output.join(`,${indentation}  `)} ${braces[1]}`;
  }

  function inspect(value, opts) {
    const ctx = Object.assign({}, inspect.defaultOptions);
    ctx.userOptions = undefined;
    if (typeof opts === 'boolean') {
      ctx.showHidden = opts;
      if (arguments.length > 2 && arguments[2] !== undefined) ctx.depth = arguments[2];
    } else if (opts !== null && typeof opts === 'object') {
      for (const k of Object.keys(opts)) {
        if (hasOwn.call(defaultOptions, k) || k === 'stylize') ctx[k] = opts[k];
      }
      ctx.userOptions = opts;
    }
    if (ctx.depth === null || ctx.depth === undefined) ctx.depth = ctx.depth === null ? Infinity : 2;
    if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
    if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
    ctx.seen = [];
    ctx.circular = new Map();
    ctx.indentationLvl = 0;
    ctx.currentDepth = 0;
    return formatValue(ctx, value, 0);
  }
  inspect.custom = customInspect;
  inspect.defaultOptions = Object.assign({}, defaultOptions);

  // --- format

  const builtinToStrings = new Set([Object.prototype.toString, Array.prototype.toString,
    Error.prototype.toString, Date.prototype.toString, RegExp.prototype.toString,
    Function.prototype.toString, Number.prototype.toString, String.prototype.toString,
    Boolean.prototype.toString, Symbol.prototype.toString, BigInt.prototype.toString]);

  // Whether `value` has a toString of its own making (not a built-in one).
  function hasUserToString(value) {
    let proto = value;
    while (proto !== null && proto !== undefined) {
      const desc = getOwnPropertyDescriptor(proto, 'toString');
      if (desc !== undefined) {
        return typeof desc.value === 'function' && !builtinToStrings.has(desc.value);
      }
      proto = getPrototypeOf(proto);
    }
    return false;
  }

  function formatWithOptions(inspectOptions, ...args) {
    const first = args[0];
    let a = 0;
    let str = '';
    let join = '';
    const opts = Object.assign({}, inspectOptions);
    if (typeof first === 'string') {
      if (args.length === 1) return first;
      let tempStr;
      let lastPos = 0;
      for (let i = 0; i < first.length - 1; i++) {
        if (first.charCodeAt(i) === 37) { // '%'
          const nextChar = first.charCodeAt(++i);
          if (a + 1 !== args.length) {
            switch (nextChar) {
              case 115: { // 's'
                const arg = args[++a];
                if (typeof arg === 'number') tempStr = formatNumber(arg);
                else if (typeof arg === 'bigint') tempStr = `${arg}n`;
                else if (typeof arg !== 'object' || arg === null || hasUserToString(arg)) tempStr = typeof arg === 'symbol' ? symbolToString.call(arg) : String(arg);
                else tempStr = inspect(arg, Object.assign({}, opts, { depth: 0, colors: false, compact: 3 }));
                break;
              }
              case 106: { // 'j'
                try {
                  tempStr = JSON.stringify(args[++a]);
                } catch (err) {
                  if (err instanceof TypeError && /cyclic|circular/i.test(err.message)) tempStr = '[Circular]';
                  else throw err;
                }
                if (tempStr === undefined) tempStr = 'undefined';
                break;
              }
              case 100: { // 'd'
                const n = args[++a];
                if (typeof n === 'bigint') tempStr = `${n}n`;
                else if (typeof n === 'symbol') tempStr = 'NaN';
                else tempStr = formatNumber(Number(n));
                break;
              }
              case 79: // 'O'
                tempStr = inspect(args[++a], opts);
                break;
              case 111: // 'o'
                tempStr = inspect(args[++a], Object.assign({}, opts, { showHidden: true, showProxy: true, depth: 4 }));
                break;
              case 105: { // 'i'
                const n = args[++a];
                if (typeof n === 'bigint') tempStr = `${n}n`;
                else if (typeof n === 'symbol') tempStr = 'NaN';
                else tempStr = formatNumber(parseInt(n));
                break;
              }
              case 102: { // 'f'
                const n = args[++a];
                tempStr = typeof n === 'symbol' ? 'NaN' : formatNumber(parseFloat(n));
                break;
              }
              case 99: // 'c'
                a += 1;
                tempStr = '';
                break;
              case 37: // '%'
                str += first.slice(lastPos, i);
                lastPos = i + 1;
                continue;
              default:
                continue;
            }
            if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
            str += tempStr;
            lastPos = i + 1;
          } else if (nextChar === 37) {
            str += first.slice(lastPos, i);
            lastPos = i + 1;
          }
        }
      }
      if (lastPos !== 0) {
        a++;
        join = ' ';
        if (lastPos < first.length) str += first.slice(lastPos);
      }
    }
    while (a < args.length) {
      const value = args[a];
      str += join;
      str += typeof value !== 'string' ? inspect(value, opts) : value;
      join = ' ';
      a++;
    }
    return str;
  }

  function format(...args) {
    return formatWithOptions(undefined, ...args);
  }

  // --- the rest

  function inherits(ctor, superCtor) {
    if (typeof ctor !== 'function') throw new TypeError('The "ctor" argument must be of type function');
    if (typeof superCtor !== 'function') throw new TypeError('The "superCtor" argument must be of type function');
    if (superCtor.prototype === undefined) throw new TypeError('The "superCtor.prototype" property must be of type object');
    Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
  }

  function deprecate(fn, msg) {
    let warned = false;
    return function (...args) {
      if (!warned) {
        warned = true;
        native.log('warn', `DeprecationWarning: ${msg}`);
      }
      return new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
    };
  }

  function promisify(original) {
    if (typeof original !== 'function') throw new TypeError('The "original" argument must be of type function');
    return function (...args) {
      return new Promise((resolve, reject) => {
        original.call(this, ...args, (err, ...values) => {
          if (err) reject(err);
          else resolve(values.length > 1 ? values : values[0]);
        });
      });
    };
  }

  function callbackify(original) {
    if (typeof original !== 'function') throw new TypeError('The "original" argument must be of type function');
    return function (...args) {
      const callback = args.pop();
      if (typeof callback !== 'function') throw new TypeError('The last argument must be of type function');
      Promise.resolve(original.apply(this, args)).then(
        (value) => callback(null, value),
        (err) => callback(err || new Error('Promise was rejected with a falsy value')));
    };
  }

  function isDeepStrictEqual(a, b, seen) {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (getPrototypeOf(a) !== getPrototypeOf(b)) return false;
    if (objectToString.call(a) !== objectToString.call(b)) return false;
    seen = seen || [];
    for (const [x, y] of seen) if (x === a && y === b) return true;
    seen.push([a, b]);
    if (isDate(a)) return dateGetTime.call(a) === dateGetTime.call(b);
    if (isRegExp(a)) return `${a}` === `${b}`;
    if (isMap(a)) {
      if (a.size !== b.size) return false;
      for (const [k, v] of a) if (!b.has(k) || !isDeepStrictEqual(v, b.get(k), seen)) return false;
    } else if (isSet(a)) {
      if (a.size !== b.size) return false;
      for (const v of a) if (!b.has(v)) return false;
    }
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!hasOwn.call(b, k) || !isDeepStrictEqual(a[k], b[k], seen)) return false;
    }
    return true;
  }

  const types = {
    isDate, isRegExp, isMap, isSet, isPromise, isTypedArray, isArrayBuffer,
    isNativeError: isError,
    isUint8Array: (v) => isTypedArray(v) && typedArrayTag.call(v) === 'Uint8Array',
    isAsyncFunction: (v) => typeof v === 'function' && functionBase(v, 'Function', '').startsWith('[AsyncFunction'),
    isGeneratorFunction: (v) => typeof v === 'function' && /Generator/.test(functionBase(v, 'Function', '')),
    isBoxedPrimitive: (v) => v !== null && typeof v === 'object' && boxedKind(v) !== undefined,
  };

  module.exports = {
    format,
    formatWithOptions,
    inspect,
    inherits,
    deprecate,
    promisify,
    callbackify,
    isDeepStrictEqual,
    types,
    isArray: Array.isArray,
    isError,
    isDate,
    isRegExp,
    isFunction: (v) => typeof v === 'function',
    isString: (v) => typeof v === 'string',
    isNumber: (v) => typeof v === 'number',
    isObject: (v) => v !== null && typeof v === 'object',
    isPrimitive: (v) => v === null || (typeof v !== 'object' && typeof v !== 'function'),
    isUndefined: (v) => v === undefined,
    isNull: (v) => v === null,
    isNullOrUndefined: (v) => v === null || v === undefined,
    isBoolean: (v) => typeof v === 'boolean',
    isSymbol: (v) => typeof v === 'symbol',
  };
})
