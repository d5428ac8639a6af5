import { createSimMarket } from '../../src/sim/market/sim-market.js';
import { SimFeed } from '../../src/sim/market/sim-feed.js';
import { marketFeedContract } from '../contracts/market-feed.contract.js';
import { loadConfig } from './helpers.js';

const market = createSimMarket(loadConfig(), { underlying: 'SENSEX', startDate: '2026-01-05', days: 1, seed: 9 });
marketFeedContract('SimFeed', () => new SimFeed(market));
