#pragma once
/// WebSockets on emscripten/websocket.h, keyed by the engine's SocketId.
/// It only translates: it opens, sends and closes what the engine asks for and
/// reports open/message/error/close back; every decision stays in the engine.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "actions.h"

namespace qd::platform {

class WebSocketAdapter {
 public:
  /// Receives the socket events; may call back into the adapter.
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void onSocketOpen(SocketId id) = 0;
    /// `text` is only valid during the call (it points into the adapter's
    /// receive buffer): copy what must outlive it.
    virtual void onSocketMessage(SocketId id, std::string_view text) = 0;
    /// A message over the size limit, never copied into the heap: at least
    /// `bytes` long.
    virtual void onSocketOversized(SocketId id, int64_t bytes) = 0;
    virtual void onSocketError(SocketId id) = 0;
    virtual void onSocketClose(SocketId id, int code, const std::string& reason) = 0;
  };

  /// Messages longer than `maxMessageBytes` are reported as oversized
  /// without being copied into the wasm heap.
  WebSocketAdapter(Listener& listener, int64_t maxMessageBytes)
      : listener_(listener), maxMessageBytes_(maxMessageBytes) {}
  /// Closes and deletes every socket without reporting anything.
  ~WebSocketAdapter();
  WebSocketAdapter(const WebSocketAdapter&) = delete;
  WebSocketAdapter& operator=(const WebSocketAdapter&) = delete;

  /// Starts a connection. A socket that cannot even be created (no WebSocket
  /// implementation, a URL the constructor rejects) is reported as an error
  /// before open, i.e. a failed attempt, from inside this call.
  void open(SocketId id, const std::string& url);
  /// Sends on an open socket; returns false (nothing sent) otherwise, because
  /// send() on a CONNECTING socket throws in browsers and in `ws`.
  bool send(SocketId id, const std::string& text);
  /// Closes and deletes the socket; its later events are never reported.
  void close(SocketId id, int code);
  /// Closes and deletes every socket, silently.
  void closeAll();

  /// Sockets not yet deleted (for counters and leak tests).
  size_t liveSockets() const { return sockets_.size(); }

  /// Per-socket context handed to Emscripten as userData.
  struct Socket {
    WebSocketAdapter* owner;
    SocketId id;
    int handle;  ///< EMSCRIPTEN_WEBSOCKET_T
    bool open = false;
  };

 private:
  void destroy(SocketId id, int code);
  void reportError(SocketId id, bool wasOpen);

  Listener& listener_;
  int64_t maxMessageBytes_;
  std::map<SocketId, std::unique_ptr<Socket>> sockets_;

  friend struct SocketCallbacks;
};

}  // namespace qd::platform
