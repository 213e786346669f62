// --js-library overrides for Emscripten 3.1.6's library_websocket.js.
//  * emscripten_websocket_new: a constructor that throws (a URL the platform
//    rejects) returns an error code instead of unwinding through wasm frames;
//    the implementation passed as options.WebSocket (Module.qdWebSocket) wins
//    over the global, which may be one that cannot dial (jsdom's in Vitest).
//  * emscripten_websocket_delete: upstream deletes `WS.sockets[socket]` (the
//    object as key), so every socket ever opened stays referenced; delete by id.
//  * emscripten_websocket_set_onmessage_callback_on_thread: upstream measures
//    each text message (lengthBytesUTF8), mallocs, copies it with a JS loop
//    (stringToUTF8) and frees it again, per message. Here the text goes
//    through TextEncoder.encodeInto into one buffer that is reused. The
//    engine reads the text in place and calls nothing out while it does (it
//    only queues actions), so no later message can overwrite bytes in use.
//    A message over the feed's maxMessageBytes is not copied at all: the
//    callback gets isText = 2 (oversized) and its size, and the engine counts
//    it dropped (a hostile 100 MB frame never reaches the wasm heap).
mergeInto(LibraryManager.library, {
  qd_websocket_set_max_message_bytes__deps: ['$WS'],
  qd_websocket_set_max_message_bytes__sig: 'vid',
  qd_websocket_set_max_message_bytes: function(socketId, maxBytes) {
    var socket = WS.sockets[socketId];
    if (socket) socket.qdMaxBytes = maxBytes;
  },

  emscripten_websocket_new__deps: ['$WS'],
  emscripten_websocket_new__proxy: 'sync',
  emscripten_websocket_new__sig: 'ii',
  emscripten_websocket_new: function(createAttributes) {
    var Impl = Module['qdWebSocket'] || (typeof WebSocket != 'undefined' ? WebSocket : null);
    if (!Impl) return {{{ cDefine('EMSCRIPTEN_RESULT_NOT_SUPPORTED') }}};
    if (!createAttributes) return {{{ cDefine('EMSCRIPTEN_RESULT_INVALID_PARAM') }}};
    var url = UTF8ToString(HEAP32[createAttributes >> 2]);
    var protocols = HEAP32[(createAttributes >> 2) + 1];
    var socket;
    try {
      socket = protocols ? new Impl(url, UTF8ToString(protocols).split(',')) : new Impl(url);
    } catch (e) {
      return {{{ cDefine('EMSCRIPTEN_RESULT_FAILED') }}};
    }
    socket.binaryType = 'arraybuffer';
    var socketId = WS.sockets.length;
    WS.sockets[socketId] = socket;
    return socketId;
  },

  emscripten_websocket_delete__deps: ['$WS'],
  emscripten_websocket_delete__proxy: 'sync',
  emscripten_websocket_delete__sig: 'ii',
  emscripten_websocket_delete: function(socketId) {
    var socket = WS.sockets[socketId];
    if (!socket) return {{{ cDefine('EMSCRIPTEN_RESULT_INVALID_TARGET') }}};
    socket.onopen = socket.onerror = socket.onclose = socket.onmessage = null;
    delete WS.sockets[socketId];
    return {{{ cDefine('EMSCRIPTEN_RESULT_SUCCESS') }}};
  },

  $WS_RX__deps: ['malloc', 'free'],
  $WS_RX: {
    /// Messages up to this many UTF-16 units share one buffer; a bigger one
    /// gets its own, so a rare huge frame does not pin its size forever.
    maxShared: 16384,
    /// Up to this many units an ASCII message is copied by a plain loop:
    /// for short frames encodeInto's fixed cost (a view + the call) is
    /// larger than the copy itself (Chromium: ~0.5 us per call).
    maxLoop: 1024,
    buf: 0,
    cap: 0,
    encoder: null,
    /// Set by put(): bytes written including the NUL, and whether the
    /// caller must free the pointer.
    len: 0,
    owned: false,
    /// Writes `text` as NUL-terminated UTF-8 into the heap; returns the pointer.
    put: function(text) {
      var n = text.length;
      if (!WS_RX.encoder && typeof TextEncoder != 'undefined') WS_RX.encoder = new TextEncoder();
      if (n > WS_RX.maxShared) {
        // Rare and big: the exact size, not the 3x worst case.
        var own;
        if (WS_RX.encoder) {
          var bytes = WS_RX.encoder.encode(text);
          own = _malloc(bytes.length + 1);
          HEAPU8.set(bytes, own);
          HEAPU8[own + bytes.length] = 0;
          WS_RX.len = bytes.length + 1;
        } else {
          WS_RX.len = lengthBytesUTF8(text) + 1;
          own = _malloc(WS_RX.len);
          stringToUTF8(text, own, WS_RX.len);
        }
        WS_RX.owned = true;
        return own;
      }
      // UTF-8 takes at most 3 bytes per UTF-16 unit (a pair: 4 for 2).
      var need = n * 3 + 1;
      if (WS_RX.cap < need) {
        if (WS_RX.buf) _free(WS_RX.buf);
        WS_RX.cap = Math.max(need, 1024);
        WS_RX.buf = _malloc(WS_RX.cap);
      }
      var ptr = WS_RX.buf;
      // HEAPU8 is read after the malloc above: a memory growth replaces it.
      var heap = HEAPU8;
      WS_RX.owned = false;
      if (n <= WS_RX.maxLoop) {
        var i = 0;
        for (; i < n; ++i) {
          var c = text.charCodeAt(i);
          if (c > 0x7f) break;
          heap[ptr + i] = c;
        }
        if (i == n) {
          heap[ptr + n] = 0;
          WS_RX.len = n + 1;
          return ptr;
        }
      }
      var written = WS_RX.encoder
        ? WS_RX.encoder.encodeInto(text, heap.subarray(ptr, ptr + need - 1)).written
        : stringToUTF8(text, ptr, need);
      heap[ptr + written] = 0;
      WS_RX.len = written + 1;
      return ptr;
    },
  },

  emscripten_websocket_set_onmessage_callback_on_thread__deps: ['$WS', '$WS_RX', 'malloc', 'free'],
  emscripten_websocket_set_onmessage_callback_on_thread__proxy: 'sync',
  emscripten_websocket_set_onmessage_callback_on_thread__sig: 'iiiii',
  emscripten_websocket_set_onmessage_callback_on_thread: function(socketId, userData, callbackFunc, thread) {
    if (!WS.socketEvent) WS.socketEvent = _malloc(1024); // as upstream: the largest event struct fits
    var socket = WS.sockets[socketId];
    if (!socket) return {{{ cDefine('EMSCRIPTEN_RESULT_INVALID_TARGET') }}};
    socket.onmessage = function(e) {
      var buf, len, owned, isText = typeof e.data == 'string';
      // A string of n UTF-16 units is at least n bytes of UTF-8.
      var size = isText ? e.data.length : e.data.byteLength;
      if (socket.qdMaxBytes && size > socket.qdMaxBytes) {
        HEAPU32[WS.socketEvent >> 2] = socketId;
        HEAPU32[(WS.socketEvent + 4) >> 2] = 0;
        HEAPU32[(WS.socketEvent + 8) >> 2] = Math.min(size, 0xffffffff);
        HEAPU32[(WS.socketEvent + 12) >> 2] = 2;
        {{{ makeDynCall('iiii', 'callbackFunc') }}}(0, WS.socketEvent, userData);
        return;
      }
      if (isText) {
        buf = WS_RX.put(e.data);
        len = WS_RX.len;
        owned = WS_RX.owned;
      } else {
        len = e.data.byteLength;
        buf = _malloc(len);
        HEAP8.set(new Uint8Array(e.data), buf);
        owned = true;
      }
      HEAPU32[WS.socketEvent >> 2] = socketId;
      HEAPU32[(WS.socketEvent + 4) >> 2] = buf;
      HEAPU32[(WS.socketEvent + 8) >> 2] = len;
      HEAPU32[(WS.socketEvent + 12) >> 2] = isText ? 1 : 0;
      try {
        {{{ makeDynCall('iiii', 'callbackFunc') }}}(0, WS.socketEvent, userData);
      } finally {
        if (owned) _free(buf);
      }
    };
    return {{{ cDefine('EMSCRIPTEN_RESULT_SUCCESS') }}};
  },
});
