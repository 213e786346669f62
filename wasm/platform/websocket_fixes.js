// --js-library overrides for Emscripten 3.1.6's library_websocket.js.
//  * emscripten_websocket_new: a constructor that throws (a URL the platform
//    rejects) returns an error code instead of unwinding through wasm frames.
//  * emscripten_websocket_delete: upstream deletes `WS.sockets[socket]` (the
//    object as key), so every socket ever opened stays referenced; delete by id.
mergeInto(LibraryManager.library, {
  emscripten_websocket_new__deps: ['$WS'],
  emscripten_websocket_new__proxy: 'sync',
  emscripten_websocket_new__sig: 'ii',
  emscripten_websocket_new: function(createAttributes) {
    if (typeof WebSocket == 'undefined') return {{{ cDefine('EMSCRIPTEN_RESULT_NOT_SUPPORTED') }}};
    if (!createAttributes) return {{{ cDefine('EMSCRIPTEN_RESULT_INVALID_PARAM') }}};
    var url = UTF8ToString(HEAP32[createAttributes >> 2]);
    var protocols = HEAP32[(createAttributes >> 2) + 1];
    var socket;
    try {
      socket = protocols ? new WebSocket(url, UTF8ToString(protocols).split(',')) : new WebSocket(url);
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
});
