// require('events'): EventEmitter, after Node's.
(function (module, exports, require, native) {
  'use strict';

  function checkListener(listener) {
    if (typeof listener !== 'function') {
      throw new TypeError(`The "listener" argument must be of type function. Received ${listener === null ? 'null' : typeof listener}`);
    }
  }

  function EventEmitter(opts) {
    EventEmitter.init.call(this, opts);
  }
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.init = function () {
    if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    }
    this._maxListeners = this._maxListeners || undefined;
  };

  function events(emitter) {
    if (emitter._events === undefined) {
      emitter._events = Object.create(null);
      emitter._eventsCount = 0;
    }
    return emitter._events;
  }

  function addListener(target, type, listener, prepend) {
    checkListener(listener);
    const map = events(target);
    if (map.newListener !== undefined) {
      target.emit('newListener', type, listener.listener ? listener.listener : listener);
    }
    const existing = map[type];
    if (existing === undefined) {
      map[type] = [listener];
      target._eventsCount++;
    } else if (prepend) {
      existing.unshift(listener);
    } else {
      existing.push(listener);
    }
    return target;
  }

  function onceWrapper(target, type, listener) {
    const state = { fired: false };
    function wrapped(...args) {
      if (!state.fired) {
        target.removeListener(type, wrapped);
        state.fired = true;
        return listener.apply(target, args);
      }
      return undefined;
    }
    wrapped.listener = listener;
    return wrapped;
  }

  const proto = EventEmitter.prototype;
  proto._events = undefined;
  proto._eventsCount = 0;
  proto._maxListeners = undefined;

  proto.setMaxListeners = function (n) {
    if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) {
      throw new RangeError(`The value of "n" is out of range. It must be a non-negative number. Received ${n}`);
    }
    this._maxListeners = n;
    return this;
  };
  proto.getMaxListeners = function () {
    return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners;
  };
  proto.emit = function (type, ...args) {
    const map = events(this);
    const handlers = map[type];
    if (type === 'error' && handlers === undefined) {
      const er = args[0];
      if (er instanceof Error) throw er;
      let shown;
      try { shown = require('util').inspect(er); } catch (e) { shown = String(er); }
      const err = new Error(`Unhandled error. (${shown})`);
      err.code = 'ERR_UNHANDLED_ERROR';
      err.context = er;
      throw err;
    }
    if (handlers === undefined) return false;
    for (const handler of handlers.slice()) handler.apply(this, args);
    return true;
  };
  proto.addListener = function (type, listener) { return addListener(this, type, listener, false); };
  proto.on = proto.addListener;
  proto.prependListener = function (type, listener) { return addListener(this, type, listener, true); };
  proto.once = function (type, listener) {
    checkListener(listener);
    return this.on(type, onceWrapper(this, type, listener));
  };
  proto.prependOnceListener = function (type, listener) {
    checkListener(listener);
    return this.prependListener(type, onceWrapper(this, type, listener));
  };
  proto.removeListener = function (type, listener) {
    checkListener(listener);
    const map = events(this);
    const list = map[type];
    if (list === undefined) return this;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        const removed = list[i];
        list.splice(i, 1);
        if (list.length === 0) {
          delete map[type];
          this._eventsCount--;
        }
        if (map.removeListener !== undefined) {
          this.emit('removeListener', type, removed.listener || removed);
        }
        break;
      }
    }
    return this;
  };
  proto.off = proto.removeListener;
  proto.removeAllListeners = function (type) {
    const map = events(this);
    if (type === undefined) {
      for (const key of Reflect.ownKeys(map)) {
        if (key !== 'removeListener') this.removeAllListeners(key);
      }
      this.removeAllListeners('removeListener');
      this._events = Object.create(null);
      this._eventsCount = 0;
      return this;
    }
    const list = map[type];
    if (list !== undefined) {
      for (let i = list.length - 1; i >= 0; i--) this.removeListener(type, list[i]);
    }
    return this;
  };
  proto.listeners = function (type) {
    const list = events(this)[type];
    return list === undefined ? [] : list.map((l) => l.listener || l);
  };
  proto.rawListeners = function (type) {
    const list = events(this)[type];
    return list === undefined ? [] : list.slice();
  };
  proto.listenerCount = function (type, listener) {
    const list = events(this)[type];
    if (list === undefined) return 0;
    if (listener === undefined) return list.length;
    return list.filter((l) => l === listener || l.listener === listener).length;
  };
  proto.eventNames = function () {
    return Reflect.ownKeys(events(this));
  };

  EventEmitter.listenerCount = (emitter, type) => emitter.listenerCount(type);
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.errorMonitor = Symbol('events.errorMonitor');
  module.exports = EventEmitter;
})
