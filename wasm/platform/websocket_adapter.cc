#include "websocket_adapter.h"

#include <emscripten/websocket.h>

namespace qd::platform {

extern "C" {
/// websocket_fixes.js: messages over `maxBytes` reach the message callback
/// uncopied, marked kOversized.
void qd_websocket_set_max_message_bytes(int socket, double maxBytes);
}

namespace {

/// The message event's isText when websocket_fixes.js did not copy an
/// oversized message; numBytes then gives its size (a lower bound for text).
constexpr int kOversized = 2;

/// Browsers and `ws` throw on close codes other than 1000 and 3000-4999.
int safeCloseCode(int code) { return code == 1000 || (code >= 3000 && code <= 4999) ? code : 1000; }

}  // namespace

/// The C callbacks Emscripten calls; userData is the Socket context.
struct SocketCallbacks {
  static EM_BOOL onOpen(int, const EmscriptenWebSocketOpenEvent*, void* user) {
    auto* s = static_cast<WebSocketAdapter::Socket*>(user);
    s->open = true;
    s->owner->listener_.onSocketOpen(s->id);
    return EM_TRUE;
  }
  static EM_BOOL onMessage(int, const EmscriptenWebSocketMessageEvent* e, void* user) {
    auto* s = static_cast<WebSocketAdapter::Socket*>(user);
    if (e->isText == kOversized) {
      s->owner->listener_.onSocketOversized(s->id, e->numBytes);
      return EM_TRUE;
    }
    // Text frames arrive NUL-terminated and numBytes counts the NUL. A binary
    // frame is not part of protocol v1: hand it over as text and let the
    // engine's parser reject and count it. No copy: the engine reads the
    // bytes in place, before anything can call back into JavaScript.
    uint32_t n = e->numBytes;
    if (e->isText && n > 0) --n;
    s->owner->listener_.onSocketMessage(s->id, std::string_view(reinterpret_cast<const char*>(e->data), n));
    return EM_TRUE;
  }
  static EM_BOOL onError(int, const EmscriptenWebSocketErrorEvent*, void* user) {
    auto* s = static_cast<WebSocketAdapter::Socket*>(user);
    s->owner->reportError(s->id, s->open);
    return EM_TRUE;
  }
  static EM_BOOL onClose(int, const EmscriptenWebSocketCloseEvent* e, void* user) {
    auto* s = static_cast<WebSocketAdapter::Socket*>(user);
    WebSocketAdapter* owner = s->owner;
    const SocketId id = s->id;
    const int code = e->code;
    const std::string reason(e->reason);
    owner->listener_.onSocketClose(id, code, reason);
    // The listener may have closed it already; `s` may be gone by now.
    owner->destroy(id, 0);
    return EM_TRUE;
  }
};

WebSocketAdapter::~WebSocketAdapter() { closeAll(); }

void WebSocketAdapter::open(SocketId id, const std::string& url) {
  destroy(id, 1000);  // an id is never reused by the engine; be safe anyway
  EmscriptenWebSocketCreateAttributes attrs;
  emscripten_websocket_init_create_attributes(&attrs);
  attrs.url = url.c_str();
  attrs.createOnMainThread = EM_TRUE;
  const EMSCRIPTEN_WEBSOCKET_T handle = emscripten_websocket_new(&attrs);
  if (handle <= 0) {
    listener_.onSocketError(id);
    return;
  }
  auto socket = std::make_unique<Socket>(Socket{this, id, handle});
  Socket* s = socket.get();
  sockets_[id] = std::move(socket);
  qd_websocket_set_max_message_bytes(handle, static_cast<double>(maxMessageBytes_));
  emscripten_websocket_set_onopen_callback(handle, s, &SocketCallbacks::onOpen);
  emscripten_websocket_set_onmessage_callback(handle, s, &SocketCallbacks::onMessage);
  emscripten_websocket_set_onerror_callback(handle, s, &SocketCallbacks::onError);
  emscripten_websocket_set_onclose_callback(handle, s, &SocketCallbacks::onClose);
}

bool WebSocketAdapter::send(SocketId id, const std::string& text) {
  auto it = sockets_.find(id);
  if (it == sockets_.end() || !it->second->open) return false;
  return emscripten_websocket_send_utf8_text(it->second->handle, text.c_str()) == EMSCRIPTEN_RESULT_SUCCESS;
}

void WebSocketAdapter::close(SocketId id, int code) { destroy(id, code); }

void WebSocketAdapter::closeAll() {
  while (!sockets_.empty()) destroy(sockets_.begin()->first, 1000);
}

void WebSocketAdapter::destroy(SocketId id, int code) {
  auto it = sockets_.find(id);
  if (it == sockets_.end()) return;
  const EMSCRIPTEN_WEBSOCKET_T handle = it->second->handle;
  sockets_.erase(it);
  // code 0 = it closed by itself already; close() on a closed socket is a no-op.
  if (code != 0) emscripten_websocket_close(handle, safeCloseCode(code), nullptr);
  // Unhooks every callback, so nothing reaches a freed context.
  emscripten_websocket_delete(handle);
}

void WebSocketAdapter::reportError(SocketId id, bool wasOpen) {
  listener_.onSocketError(id);
  // Before open, an error is the end of the attempt even when no close event
  // follows (Node's own WebSocket never sends one): let the socket go.
  if (!wasOpen) destroy(id, 1000);
}

}  // namespace qd::platform
