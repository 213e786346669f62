/// In-process bus: the embedded default when there is one instance.
export function createMemoryBus() {
  const handlers = new Set();
  return {
    kind: 'memory',
    publish(updates, source) {
      for (const h of handlers) h(updates, source);
    },
    onBatch(h) {
      handlers.add(h);
      return () => handlers.delete(h);
    },
    async loadBook() {
      return [];
    },
    async close() {
      handlers.clear();
    },
  };
}
