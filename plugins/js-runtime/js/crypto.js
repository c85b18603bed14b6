// require('crypto'): random values and hashes (hashing runs natively).
(function (module, exports, require, native) {
  'use strict';
  const { Buffer } = require('buffer');

  const BLOCK_SIZES = { __proto__: null, md5: 64, sha1: 64, sha224: 64, sha256: 64, sha384: 128, sha512: 128 };

  function algorithmName(algorithm) {
    const name = `${algorithm}`.toLowerCase().replace(/^sha-/, 'sha');
    if (BLOCK_SIZES[name] === undefined) {
      throw new Error(`Digest method not supported: ${algorithm}`);
    }
    return name;
  }

  function toBytes(data, encoding, what) {
    if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    throw new TypeError(`The "${what}" argument must be of type string or an instance of Buffer, TypedArray, or DataView.`);
  }

  function digestOf(name, bytes) {
    return native.hash(name, bytes instanceof Uint8Array && bytes.constructor === Uint8Array
      ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  }

  function output(digest, encoding) {
    const buf = Buffer.from(digest);
    return encoding === undefined || encoding === 'buffer' ? buf : buf.toString(encoding);
  }

  class Hash {
    constructor(algorithm) {
      this._name = algorithmName(algorithm);
      this._chunks = [];
      this._done = false;
    }
    update(data, inputEncoding) {
      if (this._done) throw new Error('Digest already called');
      this._chunks.push(Buffer.from(toBytes(data, inputEncoding, 'data')));
      return this;
    }
    digest(encoding) {
      if (this._done) throw new Error('Digest already called');
      this._done = true;
      const digest = digestOf(this._name, Buffer.concat(this._chunks));
      this._chunks = [];
      return output(digest, encoding);
    }
    copy() {
      if (this._done) throw new Error('Digest already called');
      const h = new Hash(this._name);
      h._chunks = this._chunks.slice();
      return h;
    }
  }

  class Hmac {
    constructor(algorithm, key) {
      this._name = algorithmName(algorithm);
      const block = BLOCK_SIZES[this._name];
      let k = Buffer.from(toBytes(key, 'utf8', 'key'));
      if (k.length > block) k = Buffer.from(digestOf(this._name, k));
      const padded = Buffer.alloc(block);
      padded.set(k);
      this._inner = Buffer.alloc(block);
      this._outer = Buffer.alloc(block);
      for (let i = 0; i < block; i++) {
        this._inner[i] = padded[i] ^ 0x36;
        this._outer[i] = padded[i] ^ 0x5c;
      }
      this._chunks = [this._inner];
      this._done = false;
    }
    update(data, inputEncoding) {
      if (this._done) throw new Error('Digest already called');
      this._chunks.push(Buffer.from(toBytes(data, inputEncoding, 'data')));
      return this;
    }
    digest(encoding) {
      if (this._done) throw new Error('Digest already called');
      this._done = true;
      const inner = digestOf(this._name, Buffer.concat(this._chunks));
      const digest = digestOf(this._name, Buffer.concat([this._outer, Buffer.from(inner)]));
      return output(digest, encoding);
    }
  }

  function createHash(algorithm) {
    return new Hash(algorithm);
  }

  function createHmac(algorithm, key) {
    return new Hmac(algorithm, key);
  }

  function randomBytes(size, callback) {
    if (typeof size !== 'number' || !(size >= 0) || size > 0x7fffffff || size !== Math.floor(size)) {
      throw new RangeError(`The value of "size" is out of range. Received ${size}`);
    }
    const buf = Buffer.from(native.randomBytes(size));
    if (typeof callback === 'function') {
      callback(null, buf);
      return undefined;
    }
    return buf;
  }

  const INTEGER_ARRAYS = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
    'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array'];
  const typedArrayTag = Object.getOwnPropertyDescriptor(
    Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;

  function getRandomValues(array) {
    const tag = typedArrayTag.call(array);
    if (!INTEGER_ARRAYS.includes(tag)) {
      const err = new TypeError('The data argument must be an integer-type TypedArray');
      err.name = 'TypeMismatchError';
      throw err;
    }
    if (array.byteLength > 65536) {
      const err = new Error(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`);
      err.name = 'QuotaExceededError';
      throw err;
    }
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(native.randomBytes(array.byteLength));
    return array;
  }

  function randomUUID() {
    const b = native.randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = native.decode(b, 'hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function randomInt(min, max, callback) {
    if (max === undefined || typeof max === 'function') {
      callback = max;
      max = min;
      min = 0;
    }
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min) {
      throw new RangeError('The "max" argument must be greater than "min" (both safe integers).');
    }
    const range = max - min;
    // Rejection sampling over 48 random bits.
    const limit = Math.floor(2 ** 48 / range) * range;
    let x;
    do {
      const b = native.randomBytes(6);
      x = ((b[0] * 256 + b[1]) * 256 + b[2]) * 16777216 + ((b[3] << 16) | (b[4] << 8) | b[5]);
    } while (x >= limit);
    const n = min + (x % range);
    if (typeof callback === 'function') {
      callback(null, n);
      return undefined;
    }
    return n;
  }

  function timingSafeEqual(a, b) {
    if (a.byteLength !== b.byteLength) throw new RangeError('Input buffers must have the same byte length');
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    let diff = 0;
    for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
    return diff === 0;
  }

  function getHashes() {
    return ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];
  }

  module.exports = {
    createHash,
    createHmac,
    randomBytes,
    randomUUID,
    randomInt,
    getRandomValues,
    timingSafeEqual,
    getHashes,
    webcrypto: { getRandomValues, randomUUID },
  };
})
