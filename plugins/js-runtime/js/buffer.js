// require('buffer'): Buffer, a Uint8Array with Node's encodings.
(function (module, exports, require, native) {
  'use strict';

  const ENCODINGS = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii',
    'ucs2', 'ucs-2', 'utf16le', 'utf-16le'];

  function normalizeEncoding(encoding) {
    if (encoding === undefined || encoding === null || encoding === '') return 'utf8';
    const e = `${encoding}`.toLowerCase();
    if (!ENCODINGS.includes(e)) {
      const err = new TypeError(`Unknown encoding: ${encoding}`);
      err.code = 'ERR_UNKNOWN_ENCODING';
      throw err;
    }
    return e;
  }

  function wrap(u8) {
    return new Buffer(u8.buffer, u8.byteOffset, u8.length);
  }

  function checkSize(size) {
    if (typeof size !== 'number' || !(size >= 0) || size > 0x7fffffff || size !== Math.floor(size)) {
      throw new RangeError(`The argument 'size' is invalid. Received ${size}`);
    }
  }

  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') {
        return wrap(native.encode(value, normalizeEncoding(encodingOrOffset)));
      }
      if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
        const offset = encodingOrOffset === undefined ? 0 : +encodingOrOffset;
        const len = length === undefined ? value.byteLength - offset : +length;
        return new Buffer(value, offset, len);
      }
      if (value !== null && typeof value === 'object') {
        if (ArrayBuffer.isView(value)) {
          if (value instanceof Uint8Array) {
            const b = new Buffer(value.length);
            b.set(value);
            return b;
          }
          const source = Array.from(value);
          const b = new Buffer(source.length);
          for (let i = 0; i < source.length; i++) b[i] = Number(source[i]) & 255;
          return b;
        }
        if (value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.from(value.data);
        if (typeof value.length === 'number' || Array.isArray(value)) {
          const len = value.length >>> 0;
          const b = new Buffer(len);
          for (let i = 0; i < len; i++) b[i] = Number(value[i]) & 255;
          return b;
        }
        const prim = typeof value[Symbol.toPrimitive] === 'function'
          ? value[Symbol.toPrimitive]('string') : value.valueOf();
        if (prim !== value && prim !== null && prim !== undefined) {
          return Buffer.from(prim, encodingOrOffset, length);
        }
      }
      throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
    }

    static alloc(size, fill, encoding) {
      checkSize(size);
      const b = new Buffer(size);
      if (fill !== undefined && fill !== 0 && size > 0) b.fill(fill, 0, size, encoding);
      return b;
    }

    static allocUnsafe(size) {
      checkSize(size);
      return new Buffer(size);
    }

    static allocUnsafeSlow(size) {
      return Buffer.allocUnsafe(size);
    }

    static isBuffer(value) {
      return value instanceof Buffer;
    }

    static isEncoding(encoding) {
      return typeof encoding === 'string' && ENCODINGS.includes(encoding.toLowerCase());
    }

    static byteLength(value, encoding) {
      if (typeof value === 'string') return native.encode(value, normalizeEncoding(encoding)).length;
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
      throw new TypeError('The "string" argument must be of type string or an instance of Buffer or ArrayBuffer.');
    }

    static concat(list, totalLength) {
      if (!Array.isArray(list)) throw new TypeError('The "list" argument must be an instance of Array.');
      if (list.length === 0) return new Buffer(0);
      if (totalLength === undefined) {
        totalLength = 0;
        for (const item of list) {
          if (!(item instanceof Uint8Array)) {
            throw new TypeError('The "list" argument must contain only Buffer or Uint8Array instances.');
          }
          totalLength += item.length;
        }
      }
      const out = Buffer.alloc(totalLength);
      let pos = 0;
      for (const item of list) {
        if (pos >= totalLength) break;
        const chunk = item.length > totalLength - pos ? item.subarray(0, totalLength - pos) : item;
        out.set(chunk, pos);
        pos += chunk.length;
      }
      return out;
    }

    static compare(a, b) {
      const len = Math.min(a.length, b.length);
      for (let i = 0; i < len; i++) {
        if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
      }
      return a.length === b.length ? 0 : (a.length < b.length ? -1 : 1);
    }

    toString(encoding, start, end) {
      const len = this.length;
      start = start === undefined ? 0 : Math.max(0, Math.min(len, start | 0));
      end = end === undefined ? len : Math.max(start, Math.min(len, end | 0));
      const view = start === 0 && end === len ? this : this.subarray(start, end);
      return native.decode(new Uint8Array(view.buffer, view.byteOffset, view.length), normalizeEncoding(encoding));
    }

    toJSON() {
      return { type: 'Buffer', data: Array.from(this) };
    }

    equals(other) {
      if (!(other instanceof Uint8Array)) {
        throw new TypeError('The "otherBuffer" argument must be an instance of Buffer or Uint8Array.');
      }
      return Buffer.compare(this, other) === 0;
    }

    compare(other) {
      return Buffer.compare(this, other);
    }

    write(string, offset, length, encoding) {
      if (typeof offset === 'string') { encoding = offset; offset = 0; length = undefined; }
      else if (typeof length === 'string') { encoding = length; length = undefined; }
      offset = offset === undefined ? 0 : offset >>> 0;
      const bytes = native.encode(string, normalizeEncoding(encoding));
      const room = this.length - offset;
      const count = Math.min(bytes.length, room, length === undefined ? room : length >>> 0);
      this.set(bytes.subarray(0, count), offset);
      return count;
    }

    fill(value, offset, end, encoding) {
      if (typeof offset === 'string') { encoding = offset; offset = 0; end = this.length; }
      else if (typeof end === 'string') { encoding = end; end = this.length; }
      offset = offset === undefined ? 0 : offset;
      end = end === undefined ? this.length : end;
      if (typeof value === 'string') {
        const bytes = value.length === 1 && value.charCodeAt(0) < 128 && encoding === undefined
          ? [value.charCodeAt(0)] : native.encode(value, normalizeEncoding(encoding));
        if (bytes.length === 0) return Uint8Array.prototype.fill.call(this, 0, offset, end);
        for (let i = offset, j = 0; i < end; i++, j++) this[i] = bytes[j % bytes.length];
        return this;
      }
      if (value instanceof Uint8Array) {
        for (let i = offset, j = 0; i < end; i++, j++) this[i] = value[j % value.length];
        return this;
      }
      return Uint8Array.prototype.fill.call(this, Number(value) & 255, offset, end);
    }

    copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
      const chunk = this.subarray(sourceStart, Math.min(sourceEnd, sourceStart + target.length - targetStart));
      target.set(chunk, targetStart);
      return chunk.length;
    }

    slice(start, end) {
      return this.subarray(start, end);
    }

    indexOf(value, byteOffset = 0, encoding = undefined) {
      if (typeof value === 'number') return Uint8Array.prototype.indexOf.call(this, value & 255, byteOffset);
      const needle = typeof value === 'string' ? Buffer.from(value, encoding) : value;
      if (byteOffset < 0) byteOffset = Math.max(0, this.length + byteOffset);
      if (needle.length === 0) return byteOffset <= this.length ? byteOffset : this.length;
      outer: for (let i = byteOffset; i <= this.length - needle.length; i++) {
        for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
        return i;
      }
      return -1;
    }

    includes(value, byteOffset, encoding) {
      return this.indexOf(value, byteOffset, encoding) !== -1;
    }

    readUInt8(offset = 0) { return this[offset]; }
    writeUInt8(value, offset = 0) { this[offset] = value; return offset + 1; }
    readUInt16BE(offset = 0) { return (this[offset] << 8) | this[offset + 1]; }
    readUInt16LE(offset = 0) { return this[offset] | (this[offset + 1] << 8); }
    readUInt32BE(offset = 0) {
      return this[offset] * 0x1000000 + ((this[offset + 1] << 16) | (this[offset + 2] << 8) | this[offset + 3]);
    }
    readUInt32LE(offset = 0) {
      return this[offset + 3] * 0x1000000 + ((this[offset + 2] << 16) | (this[offset + 1] << 8) | this[offset]);
    }
    readInt32BE(offset = 0) {
      return (this[offset] << 24) | (this[offset + 1] << 16) | (this[offset + 2] << 8) | this[offset + 3];
    }
    readInt32LE(offset = 0) {
      return (this[offset + 3] << 24) | (this[offset + 2] << 16) | (this[offset + 1] << 8) | this[offset];
    }

    [Symbol.for('nodejs.util.inspect.custom')]() {
      const max = 50;
      let str = '';
      const shown = Math.min(this.length, max);
      for (let i = 0; i < shown; i++) str += ` ${this[i] < 16 ? '0' : ''}${this[i].toString(16)}`;
      if (this.length > max) str += ` ... ${this.length - max} more byte${this.length - max > 1 ? 's' : ''}`;
      return `<Buffer${str}>`;
    }
  }
  Buffer.poolSize = 8192;
  Object.defineProperty(Buffer.prototype, 'parent', {
    get() { return this.buffer; },
    enumerable: false,
    configurable: true,
  });

  module.exports = {
    Buffer,
    constants: { MAX_LENGTH: 0x7fffffff, MAX_STRING_LENGTH: 0x1fffffe8 },
    kMaxLength: 0x7fffffff,
  };
})
