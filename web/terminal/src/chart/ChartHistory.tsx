/// Collects chart history for every symbol from the moment the terminal
/// starts, so a chart opened or re-targeted later has the past to show.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { usePriceStore } from '../price/PriceContext';
import { HistoryBook } from './history';

const ChartHistoryContext = createContext<HistoryBook | null>(null);

export function ChartHistoryProvider({ children }: { children?: ReactNode }) {
  const store = usePriceStore();
  const [book] = useState(() => new HistoryBook());
  // Every batch, uncoalesced: the chart sees every tick, not one per frame.
  useEffect(() => store.subscribeBatches((batch) => book.push(batch, Date.now())), [store, book]);
  return <ChartHistoryContext.Provider value={book}>{children}</ChartHistoryContext.Provider>;
}

export function useChartHistory(): HistoryBook {
  const book = useContext(ChartHistoryContext);
  if (!book) throw new Error('useChartHistory() must be used inside <ChartHistoryProvider>.');
  return book;
}
