/** The broker's books as reconciliation reads them (normalised by the adapter): positions and executed trades, money in paise. */

export interface BrokerPositionRow {
  readonly symbol: string;
  readonly exchange: string;
  readonly product: string;
  /** Net quantity: positive long, negative short, 0 closed today. */
  readonly qty: number;
  readonly averagePrice: number;
  /** The broker's P&L of the position (gross of charges as OpenAlgo reports it), paise; null when absent. */
  readonly pnl: number | null;
}

export interface BrokerTradeRow {
  readonly orderId: string;
  readonly symbol: string;
  readonly exchange: string;
  readonly action: 'BUY' | 'SELL';
  readonly qty: number;
  /** Fill price, paise. */
  readonly price: number;
  /** Epoch ms when the broker's row has a time we can read; null otherwise. */
  readonly ts: number | null;
  /** The broker's charges of this fill in paise, when its tradebook carries them (most do not). */
  readonly charges: number | null;
}
