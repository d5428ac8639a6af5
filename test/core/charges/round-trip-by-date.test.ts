/** Known answers by date: one options round trip per card, worked by hand from the published rates, must match the module to the paisa. */
import { describe, expect, it } from 'vitest';
import { loadRateCards } from '../../../src/adapters/rate-cards.js';
import { chargesForOrder, selectRateCard, type OrderCharges } from '../../../src/core/charges/charges.js';

interface Case {
  readonly date: string;
  readonly exchange: 'NSE' | 'BSE';
  readonly card: string;
  readonly buy: OrderCharges;
  readonly sell: OrderCharges;
  readonly roundTrip: number;
}

/**
 * NIFTY: BUY 75 @ ₹120.35 then SELL 75 @ ₹131.80. SENSEX: BUY 20 @ ₹412.60 then SELL 20 @ ₹398.15.
 * Turnover is premium × qty in paise; every component is rounded half up to the paisa once per order and
 * GST (service tax before 1 Jul 2017) is taken on the rounded components it applies to. The rates below are
 * the ones each card's source cites (see docs/charges.md for the table and what is unconfirmed).
 */
const CASES: readonly Case[] = [
  {
    date: '2017-03-15', exchange: 'NSE', card: 'nse-index-options-2016-06',
    // rates: STT 0.05%, exchange 0.05%, SEBI ₹15/cr, stamp 0.002% buy + 0.002% sell, service tax 15%
    // BUY 75 × 12035 paise = 902625 paise
    //   brokerage ₹20 = 2000
    //   exchange 902625 × 0.05% = 451.3125 → 451
    //   sebi 902625 × 15/10^7 = 1.353938… → 1
    //   stamp 902625 × 0.002% = 18.0525 → 18
    //   service tax 15% × (2000 + 451) = 367.65 → 368
    //   total 2838
    buy: { brokerage: 2000, stt: 0, exchange: 451, sebi: 1, ipft: 0, stamp: 18, gst: 368, total: 2838 },
    // SELL 75 × 13180 paise = 988500 paise
    //   brokerage ₹20 = 2000
    //   stt 988500 × 0.05% = 494.25 → 494
    //   exchange 988500 × 0.05% = 494.25 → 494
    //   sebi 988500 × 15/10^7 = 1.48275 → 1
    //   stamp 988500 × 0.002% = 19.77 → 20
    //   service tax 15% × (2000 + 494) = 374.1 → 374
    //   total 3383
    sell: { brokerage: 2000, stt: 494, exchange: 494, sebi: 1, ipft: 0, stamp: 20, gst: 374, total: 3383 },
    // round trip: 2838 + 3383 = 6221
    roundTrip: 6221,
  },
  {
    date: '2018-08-16', exchange: 'NSE', card: 'nse-index-options-2017-07',
    // rates: STT 0.05%, exchange 0.05%, SEBI ₹15/cr, stamp 0.002% buy + 0.002% sell, GST 18%
    // BUY 75 × 12035 paise = 902625 paise
    //   brokerage ₹20 = 2000
    //   exchange 902625 × 0.05% = 451.3125 → 451
    //   sebi 902625 × 15/10^7 = 1.353938… → 1
    //   stamp 902625 × 0.002% = 18.0525 → 18
    //   gst 18% × (2000 + 451) = 441.18 → 441
    //   total 2911
    buy: { brokerage: 2000, stt: 0, exchange: 451, sebi: 1, ipft: 0, stamp: 18, gst: 441, total: 2911 },
    // SELL 75 × 13180 paise = 988500 paise
    //   brokerage ₹20 = 2000
    //   stt 988500 × 0.05% = 494.25 → 494
    //   exchange 988500 × 0.05% = 494.25 → 494
    //   sebi 988500 × 15/10^7 = 1.48275 → 1
    //   stamp 988500 × 0.002% = 19.77 → 20
    //   gst 18% × (2000 + 494) = 448.92 → 449
    //   total 3458
    sell: { brokerage: 2000, stt: 494, exchange: 494, sebi: 1, ipft: 0, stamp: 20, gst: 449, total: 3458 },
    // round trip: 2911 + 3458 = 6369
    roundTrip: 6369,
  },
  {
    date: '2019-11-14', exchange: 'NSE', card: 'nse-index-options-2019-04',
    // rates: STT 0.05%, exchange 0.05%, SEBI ₹10/cr, stamp 0.002% buy + 0.002% sell, GST 18%
    // BUY 75 × 12035 paise = 902625 paise
    //   brokerage ₹20 = 2000
    //   exchange 902625 × 0.05% = 451.3125 → 451
    //   sebi 902625 × 10/10^7 = 0.902625 → 1
    //   stamp 902625 × 0.002% = 18.0525 → 18
    //   gst 18% × (2000 + 451) = 441.18 → 441
    //   total 2911
    buy: { brokerage: 2000, stt: 0, exchange: 451, sebi: 1, ipft: 0, stamp: 18, gst: 441, total: 2911 },
    // SELL 75 × 13180 paise = 988500 paise
    //   brokerage ₹20 = 2000
    //   stt 988500 × 0.05% = 494.25 → 494
    //   exchange 988500 × 0.05% = 494.25 → 494
    //   sebi 988500 × 10/10^7 = 0.9885 → 1
    //   stamp 988500 × 0.002% = 19.77 → 20
    //   gst 18% × (2000 + 494) = 448.92 → 449
    //   total 3458
    sell: { brokerage: 2000, stt: 494, exchange: 494, sebi: 1, ipft: 0, stamp: 20, gst: 449, total: 3458 },
    // round trip: 2911 + 3458 = 6369
    roundTrip: 6369,
  },
  {
    date: '2020-06-18', exchange: 'NSE', card: 'nse-index-options-2020-06',
    // rates: STT 0.05%, exchange 0.05%, SEBI ₹5/cr, stamp 0.002% buy + 0.002% sell, GST 18%
    // BUY 75 × 12035 paise = 902625 paise
    //   brokerage ₹20 = 2000
    //   exchange 902625 × 0.05% = 451.3125 → 451
    //   sebi 902625 × 5/10^7 = 0.451313… → 0
    //   stamp 902625 × 0.002% = 18.0525 → 18
    //   gst 18% × (2000 + 451) = 441.18 → 441
    //   total 2910
    buy: { brokerage: 2000, stt: 0, exchange: 451, sebi: 0, ipft: 0, stamp: 18, gst: 441, total: 2910 },
    // SELL 75 × 13180 paise = 988500 paise
    //   brokerage ₹20 = 2000
    //   stt 988500 × 0.05% = 494.25 → 494
    //   exchange 988500 × 0.05% = 494.25 → 494
    //   sebi 988500 × 5/10^7 = 0.49425 → 0
    //   stamp 988500 × 0.002% = 19.77 → 20
    //   gst 18% × (2000 + 494) = 448.92 → 449
    //   total 3457
    sell: { brokerage: 2000, stt: 494, exchange: 494, sebi: 0, ipft: 0, stamp: 20, gst: 449, total: 3457 },
    // round trip: 2910 + 3457 = 6367
    roundTrip: 6367,
  },
  {
    date: '2020-11-12', exchange: 'NSE', card: 'nse-index-options-2020-07',
    // rates: STT 0.05%, exchange 0.05%, SEBI ₹5/cr, stamp 0.003% buy, GST 18%
    // BUY 75 × 12035 paise = 902625 paise
    //   brokerage ₹20 = 2000
    //   exchange 902625 × 0.05% = 451.3125 → 451
    //   sebi 902625 × 5/10^7 = 0.451313… → 0
    //   stamp 902625 × 0.003% = 27.07875 → 27
    //   gst 18% × (2000 + 451) = 441.18 → 441
    //   total 2919
    buy: { brokerage: 2000, stt: 0, exchange: 451, sebi: 0, ipft: 0, stamp: 27, gst: 441, total: 2919 },
    // SELL 75 × 13180 paise = 988500 paise
    //   brokerage ₹20 = 2000
    //   stt 988500 × 0.05% = 494.25 → 494
    //   exchange 988500 × 0.05% = 494.25 → 494
    //   sebi 988500 × 5/10^7 = 0.49425 → 0
    //   gst 18% × (2000 + 494) = 448.92 → 449
    //   total 3437
    sell: { brokerage: 2000, stt: 494, exchange: 494, sebi: 0, ipft: 0, stamp: 0, gst: 449, total: 3437 },
    // round trip: 2919 + 3437 = 6356
    roundTrip: 6356,
  },
  {
    date: '2021-02-18', exchange: 'NSE', card: 'nse-index-options-2021-01',
    // rates: STT 0.05%, exchange 0.053%, SEBI ₹5/cr, stamp 0.003% buy, GST 18%
    // BUY 75 × 12035 paise = 902625 paise
    //   brokerage ₹20 = 2000
    //   exchange 902625 × 0.053% = 478.39125 → 478
    //   sebi 902625 × 5/10^7 = 0.451313… → 0
    //   stamp 902625 × 0.003% = 27.07875 → 27
    //   gst 18% × (2000 + 478 + 0) = 446.04 → 446
    //   total 2951
    buy: { brokerage: 2000, stt: 0, exchange: 478, sebi: 0, ipft: 0, stamp: 27, gst: 446, total: 2951 },
    // SELL 75 × 13180 paise = 988500 paise
    //   brokerage ₹20 = 2000
    //   stt 988500 × 0.05% = 494.25 → 494
    //   exchange 988500 × 0.053% = 523.905 → 524
    //   sebi 988500 × 5/10^7 = 0.49425 → 0
    //   gst 18% × (2000 + 524 + 0) = 454.32 → 454
    //   total 3472
    sell: { brokerage: 2000, stt: 494, exchange: 524, sebi: 0, ipft: 0, stamp: 0, gst: 454, total: 3472 },
    // round trip: 2951 + 3472 = 6423
    roundTrip: 6423,
  },
  {
    date: '2022-06-16', exchange: 'NSE', card: 'nse-index-options-2021-04',
    // rates: STT 0.05%, exchange 0.053%, SEBI ₹10/cr, stamp 0.003% buy, GST 18%
    // BUY 75 × 12035 paise = 902625 paise
    //   brokerage ₹20 = 2000
    //   exchange 902625 × 0.053% = 478.39125 → 478
    //   sebi 902625 × 10/10^7 = 0.902625 → 1
    //   stamp 902625 × 0.003% = 27.07875 → 27
    //   gst 18% × (2000 + 478 + 1) = 446.22 → 446
    //   total 2952
    buy: { brokerage: 2000, stt: 0, exchange: 478, sebi: 1, ipft: 0, stamp: 27, gst: 446, total: 2952 },
    // SELL 75 × 13180 paise = 988500 paise
    //   brokerage ₹20 = 2000
    //   stt 988500 × 0.05% = 494.25 → 494
    //   exchange 988500 × 0.053% = 523.905 → 524
    //   sebi 988500 × 10/10^7 = 0.9885 → 1
    //   gst 18% × (2000 + 524 + 1) = 454.5 → 455
    //   total 3474
    sell: { brokerage: 2000, stt: 494, exchange: 524, sebi: 1, ipft: 0, stamp: 0, gst: 455, total: 3474 },
    // round trip: 2952 + 3474 = 6426
    roundTrip: 6426,
  },
  {
    date: '2023-06-15', exchange: 'NSE', card: 'nse-index-options-2023-04',
    // rates: STT 0.0625%, exchange 0.0495%, SEBI ₹10/cr, IPFT ₹50/cr, stamp 0.003% buy, GST 18%
    // BUY 75 × 12035 paise = 902625 paise
    //   brokerage ₹20 = 2000
    //   exchange 902625 × 0.0495% = 446.799375 → 447
    //   sebi 902625 × 10/10^7 = 0.902625 → 1
    //   ipft 902625 × 50/10^7 = 4.513125 → 5
    //   stamp 902625 × 0.003% = 27.07875 → 27
    //   gst 18% × (2000 + 447 + 1 + 5) = 441.54 → 442
    //   total 2922
    buy: { brokerage: 2000, stt: 0, exchange: 447, sebi: 1, ipft: 5, stamp: 27, gst: 442, total: 2922 },
    // SELL 75 × 13180 paise = 988500 paise
    //   brokerage ₹20 = 2000
    //   stt 988500 × 0.0625% = 617.8125 → 618
    //   exchange 988500 × 0.0495% = 489.3075 → 489
    //   sebi 988500 × 10/10^7 = 0.9885 → 1
    //   ipft 988500 × 50/10^7 = 4.9425 → 5
    //   gst 18% × (2000 + 489 + 1 + 5) = 449.1 → 449
    //   total 3562
    sell: { brokerage: 2000, stt: 618, exchange: 489, sebi: 1, ipft: 5, stamp: 0, gst: 449, total: 3562 },
    // round trip: 2922 + 3562 = 6484
    roundTrip: 6484,
  },
  {
    date: '2025-06-19', exchange: 'NSE', card: 'nse-index-options-2024-10',
    // rates: STT 0.1%, exchange 0.03503%, SEBI ₹10/cr, IPFT ₹50/cr, stamp 0.003% buy, GST 18%
    // BUY 75 × 12035 paise = 902625 paise
    //   brokerage ₹20 = 2000
    //   exchange 902625 × 0.03503% = 316.189537… → 316
    //   sebi 902625 × 10/10^7 = 0.902625 → 1
    //   ipft 902625 × 50/10^7 = 4.513125 → 5
    //   stamp 902625 × 0.003% = 27.07875 → 27
    //   gst 18% × (2000 + 316 + 1 + 5) = 417.96 → 418
    //   total 2767
    buy: { brokerage: 2000, stt: 0, exchange: 316, sebi: 1, ipft: 5, stamp: 27, gst: 418, total: 2767 },
    // SELL 75 × 13180 paise = 988500 paise
    //   brokerage ₹20 = 2000
    //   stt 988500 × 0.1% = 988.5 → 989
    //   exchange 988500 × 0.03503% = 346.27155 → 346
    //   sebi 988500 × 10/10^7 = 0.9885 → 1
    //   ipft 988500 × 50/10^7 = 4.9425 → 5
    //   gst 18% × (2000 + 346 + 1 + 5) = 423.36 → 423
    //   total 3764
    sell: { brokerage: 2000, stt: 989, exchange: 346, sebi: 1, ipft: 5, stamp: 0, gst: 423, total: 3764 },
    // round trip: 2767 + 3764 = 6531
    roundTrip: 6531,
  },
  {
    date: '2026-05-14', exchange: 'NSE', card: 'nse-index-options-2026-04',
    // rates: STT 0.15%, exchange 0.03503%, SEBI ₹10/cr, IPFT ₹50/cr, stamp 0.003% buy, GST 18%
    // BUY 75 × 12035 paise = 902625 paise
    //   brokerage ₹20 = 2000
    //   exchange 902625 × 0.03503% = 316.189537… → 316
    //   sebi 902625 × 10/10^7 = 0.902625 → 1
    //   ipft 902625 × 50/10^7 = 4.513125 → 5
    //   stamp 902625 × 0.003% = 27.07875 → 27
    //   gst 18% × (2000 + 316 + 1 + 5) = 417.96 → 418
    //   total 2767
    buy: { brokerage: 2000, stt: 0, exchange: 316, sebi: 1, ipft: 5, stamp: 27, gst: 418, total: 2767 },
    // SELL 75 × 13180 paise = 988500 paise
    //   brokerage ₹20 = 2000
    //   stt 988500 × 0.15% = 1482.75 → 1483
    //   exchange 988500 × 0.03503% = 346.27155 → 346
    //   sebi 988500 × 10/10^7 = 0.9885 → 1
    //   ipft 988500 × 50/10^7 = 4.9425 → 5
    //   gst 18% × (2000 + 346 + 1 + 5) = 423.36 → 423
    //   total 4258
    sell: { brokerage: 2000, stt: 1483, exchange: 346, sebi: 1, ipft: 5, stamp: 0, gst: 423, total: 4258 },
    // round trip: 2767 + 4258 = 7025
    roundTrip: 7025,
  },
  {
    date: '2017-03-17', exchange: 'BSE', card: 'bse-index-options-2016-06',
    // rates: STT 0.05%, exchange 0.005%, SEBI ₹15/cr, stamp 0.002% buy + 0.002% sell, service tax 15%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.005% = 41.26 → 41
    //   sebi 825200 × 15/10^7 = 1.2378 → 1
    //   stamp 825200 × 0.002% = 16.504 → 17
    //   service tax 15% × (2000 + 41) = 306.15 → 306
    //   total 2365
    buy: { brokerage: 2000, stt: 0, exchange: 41, sebi: 1, ipft: 0, stamp: 17, gst: 306, total: 2365 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.05% = 398.15 → 398
    //   exchange 796300 × 0.005% = 39.815 → 40
    //   sebi 796300 × 15/10^7 = 1.19445 → 1
    //   stamp 796300 × 0.002% = 15.926 → 16
    //   service tax 15% × (2000 + 40) = 306 → 306
    //   total 2761
    sell: { brokerage: 2000, stt: 398, exchange: 40, sebi: 1, ipft: 0, stamp: 16, gst: 306, total: 2761 },
    // round trip: 2365 + 2761 = 5126
    roundTrip: 5126,
  },
  {
    date: '2018-08-17', exchange: 'BSE', card: 'bse-index-options-2017-07',
    // rates: STT 0.05%, exchange 0.005%, SEBI ₹15/cr, stamp 0.002% buy + 0.002% sell, GST 18%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.005% = 41.26 → 41
    //   sebi 825200 × 15/10^7 = 1.2378 → 1
    //   stamp 825200 × 0.002% = 16.504 → 17
    //   gst 18% × (2000 + 41) = 367.38 → 367
    //   total 2426
    buy: { brokerage: 2000, stt: 0, exchange: 41, sebi: 1, ipft: 0, stamp: 17, gst: 367, total: 2426 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.05% = 398.15 → 398
    //   exchange 796300 × 0.005% = 39.815 → 40
    //   sebi 796300 × 15/10^7 = 1.19445 → 1
    //   stamp 796300 × 0.002% = 15.926 → 16
    //   gst 18% × (2000 + 40) = 367.2 → 367
    //   total 2822
    sell: { brokerage: 2000, stt: 398, exchange: 40, sebi: 1, ipft: 0, stamp: 16, gst: 367, total: 2822 },
    // round trip: 2426 + 2822 = 5248
    roundTrip: 5248,
  },
  {
    date: '2019-11-15', exchange: 'BSE', card: 'bse-index-options-2019-04',
    // rates: STT 0.05%, exchange 0.005%, SEBI ₹10/cr, stamp 0.002% buy + 0.002% sell, GST 18%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.005% = 41.26 → 41
    //   sebi 825200 × 10/10^7 = 0.8252 → 1
    //   stamp 825200 × 0.002% = 16.504 → 17
    //   gst 18% × (2000 + 41) = 367.38 → 367
    //   total 2426
    buy: { brokerage: 2000, stt: 0, exchange: 41, sebi: 1, ipft: 0, stamp: 17, gst: 367, total: 2426 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.05% = 398.15 → 398
    //   exchange 796300 × 0.005% = 39.815 → 40
    //   sebi 796300 × 10/10^7 = 0.7963 → 1
    //   stamp 796300 × 0.002% = 15.926 → 16
    //   gst 18% × (2000 + 40) = 367.2 → 367
    //   total 2822
    sell: { brokerage: 2000, stt: 398, exchange: 40, sebi: 1, ipft: 0, stamp: 16, gst: 367, total: 2822 },
    // round trip: 2426 + 2822 = 5248
    roundTrip: 5248,
  },
  {
    date: '2020-06-19', exchange: 'BSE', card: 'bse-index-options-2020-06',
    // rates: STT 0.05%, exchange 0.005%, SEBI ₹5/cr, stamp 0.002% buy + 0.002% sell, GST 18%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.005% = 41.26 → 41
    //   sebi 825200 × 5/10^7 = 0.4126 → 0
    //   stamp 825200 × 0.002% = 16.504 → 17
    //   gst 18% × (2000 + 41) = 367.38 → 367
    //   total 2425
    buy: { brokerage: 2000, stt: 0, exchange: 41, sebi: 0, ipft: 0, stamp: 17, gst: 367, total: 2425 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.05% = 398.15 → 398
    //   exchange 796300 × 0.005% = 39.815 → 40
    //   sebi 796300 × 5/10^7 = 0.39815 → 0
    //   stamp 796300 × 0.002% = 15.926 → 16
    //   gst 18% × (2000 + 40) = 367.2 → 367
    //   total 2821
    sell: { brokerage: 2000, stt: 398, exchange: 40, sebi: 0, ipft: 0, stamp: 16, gst: 367, total: 2821 },
    // round trip: 2425 + 2821 = 5246
    roundTrip: 5246,
  },
  {
    date: '2020-11-13', exchange: 'BSE', card: 'bse-index-options-2020-07',
    // rates: STT 0.05%, exchange 0.005%, SEBI ₹5/cr, stamp 0.003% buy, GST 18%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.005% = 41.26 → 41
    //   sebi 825200 × 5/10^7 = 0.4126 → 0
    //   stamp 825200 × 0.003% = 24.756 → 25
    //   gst 18% × (2000 + 41) = 367.38 → 367
    //   total 2433
    buy: { brokerage: 2000, stt: 0, exchange: 41, sebi: 0, ipft: 0, stamp: 25, gst: 367, total: 2433 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.05% = 398.15 → 398
    //   exchange 796300 × 0.005% = 39.815 → 40
    //   sebi 796300 × 5/10^7 = 0.39815 → 0
    //   gst 18% × (2000 + 40) = 367.2 → 367
    //   total 2805
    sell: { brokerage: 2000, stt: 398, exchange: 40, sebi: 0, ipft: 0, stamp: 0, gst: 367, total: 2805 },
    // round trip: 2433 + 2805 = 5238
    roundTrip: 5238,
  },
  {
    date: '2021-02-19', exchange: 'BSE', card: 'bse-index-options-2021-01',
    // rates: STT 0.05%, exchange 0.005%, SEBI ₹5/cr, stamp 0.003% buy, GST 18%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.005% = 41.26 → 41
    //   sebi 825200 × 5/10^7 = 0.4126 → 0
    //   stamp 825200 × 0.003% = 24.756 → 25
    //   gst 18% × (2000 + 41 + 0) = 367.38 → 367
    //   total 2433
    buy: { brokerage: 2000, stt: 0, exchange: 41, sebi: 0, ipft: 0, stamp: 25, gst: 367, total: 2433 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.05% = 398.15 → 398
    //   exchange 796300 × 0.005% = 39.815 → 40
    //   sebi 796300 × 5/10^7 = 0.39815 → 0
    //   gst 18% × (2000 + 40 + 0) = 367.2 → 367
    //   total 2805
    sell: { brokerage: 2000, stt: 398, exchange: 40, sebi: 0, ipft: 0, stamp: 0, gst: 367, total: 2805 },
    // round trip: 2433 + 2805 = 5238
    roundTrip: 5238,
  },
  {
    date: '2022-06-17', exchange: 'BSE', card: 'bse-index-options-2021-04',
    // rates: STT 0.05%, exchange 0.005%, SEBI ₹10/cr, stamp 0.003% buy, GST 18%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.005% = 41.26 → 41
    //   sebi 825200 × 10/10^7 = 0.8252 → 1
    //   stamp 825200 × 0.003% = 24.756 → 25
    //   gst 18% × (2000 + 41 + 1) = 367.56 → 368
    //   total 2435
    buy: { brokerage: 2000, stt: 0, exchange: 41, sebi: 1, ipft: 0, stamp: 25, gst: 368, total: 2435 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.05% = 398.15 → 398
    //   exchange 796300 × 0.005% = 39.815 → 40
    //   sebi 796300 × 10/10^7 = 0.7963 → 1
    //   gst 18% × (2000 + 40 + 1) = 367.38 → 367
    //   total 2806
    sell: { brokerage: 2000, stt: 398, exchange: 40, sebi: 1, ipft: 0, stamp: 0, gst: 367, total: 2806 },
    // round trip: 2435 + 2806 = 5241
    roundTrip: 5241,
  },
  {
    date: '2023-06-16', exchange: 'BSE', card: 'bse-index-options-2023-04',
    // rates: STT 0.0625%, exchange 0.005%, SEBI ₹10/cr, stamp 0.003% buy, GST 18%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.005% = 41.26 → 41
    //   sebi 825200 × 10/10^7 = 0.8252 → 1
    //   stamp 825200 × 0.003% = 24.756 → 25
    //   gst 18% × (2000 + 41 + 1) = 367.56 → 368
    //   total 2435
    buy: { brokerage: 2000, stt: 0, exchange: 41, sebi: 1, ipft: 0, stamp: 25, gst: 368, total: 2435 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.0625% = 497.6875 → 498
    //   exchange 796300 × 0.005% = 39.815 → 40
    //   sebi 796300 × 10/10^7 = 0.7963 → 1
    //   gst 18% × (2000 + 40 + 1) = 367.38 → 367
    //   total 2906
    sell: { brokerage: 2000, stt: 498, exchange: 40, sebi: 1, ipft: 0, stamp: 0, gst: 367, total: 2906 },
    // round trip: 2435 + 2906 = 5341
    roundTrip: 5341,
  },
  {
    date: '2024-01-12', exchange: 'BSE', card: 'bse-index-options-2023-11',
    // rates: STT 0.0625%, exchange 0.0375%, SEBI ₹10/cr, stamp 0.003% buy, GST 18%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.0375% = 309.45 → 309
    //   sebi 825200 × 10/10^7 = 0.8252 → 1
    //   stamp 825200 × 0.003% = 24.756 → 25
    //   gst 18% × (2000 + 309 + 1) = 415.8 → 416
    //   total 2751
    buy: { brokerage: 2000, stt: 0, exchange: 309, sebi: 1, ipft: 0, stamp: 25, gst: 416, total: 2751 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.0625% = 497.6875 → 498
    //   exchange 796300 × 0.0375% = 298.6125 → 299
    //   sebi 796300 × 10/10^7 = 0.7963 → 1
    //   gst 18% × (2000 + 299 + 1) = 414 → 414
    //   total 3212
    sell: { brokerage: 2000, stt: 498, exchange: 299, sebi: 1, ipft: 0, stamp: 0, gst: 414, total: 3212 },
    // round trip: 2751 + 3212 = 5963
    roundTrip: 5963,
  },
  {
    date: '2024-06-14', exchange: 'BSE', card: 'bse-index-options-2024-05',
    // rates: STT 0.0625%, exchange 0.0495%, SEBI ₹10/cr, stamp 0.003% buy, GST 18%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.0495% = 408.474 → 408
    //   sebi 825200 × 10/10^7 = 0.8252 → 1
    //   stamp 825200 × 0.003% = 24.756 → 25
    //   gst 18% × (2000 + 408 + 1) = 433.62 → 434
    //   total 2868
    buy: { brokerage: 2000, stt: 0, exchange: 408, sebi: 1, ipft: 0, stamp: 25, gst: 434, total: 2868 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.0625% = 497.6875 → 498
    //   exchange 796300 × 0.0495% = 394.1685 → 394
    //   sebi 796300 × 10/10^7 = 0.7963 → 1
    //   gst 18% × (2000 + 394 + 1) = 431.1 → 431
    //   total 3324
    sell: { brokerage: 2000, stt: 498, exchange: 394, sebi: 1, ipft: 0, stamp: 0, gst: 431, total: 3324 },
    // round trip: 2868 + 3324 = 6192
    roundTrip: 6192,
  },
  {
    date: '2025-06-20', exchange: 'BSE', card: 'bse-index-options-2024-10',
    // rates: STT 0.1%, exchange 0.0325%, SEBI ₹10/cr, stamp 0.003% buy, GST 18%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.0325% = 268.19 → 268
    //   sebi 825200 × 10/10^7 = 0.8252 → 1
    //   stamp 825200 × 0.003% = 24.756 → 25
    //   gst 18% × (2000 + 268 + 1) = 408.42 → 408
    //   total 2702
    buy: { brokerage: 2000, stt: 0, exchange: 268, sebi: 1, ipft: 0, stamp: 25, gst: 408, total: 2702 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.1% = 796.3 → 796
    //   exchange 796300 × 0.0325% = 258.7975 → 259
    //   sebi 796300 × 10/10^7 = 0.7963 → 1
    //   gst 18% × (2000 + 259 + 1) = 406.8 → 407
    //   total 3463
    sell: { brokerage: 2000, stt: 796, exchange: 259, sebi: 1, ipft: 0, stamp: 0, gst: 407, total: 3463 },
    // round trip: 2702 + 3463 = 6165
    roundTrip: 6165,
  },
  {
    date: '2026-05-15', exchange: 'BSE', card: 'bse-index-options-2026-04',
    // rates: STT 0.15%, exchange 0.0325%, SEBI ₹10/cr, stamp 0.003% buy, GST 18%
    // BUY 20 × 41260 paise = 825200 paise
    //   brokerage ₹20 = 2000
    //   exchange 825200 × 0.0325% = 268.19 → 268
    //   sebi 825200 × 10/10^7 = 0.8252 → 1
    //   stamp 825200 × 0.003% = 24.756 → 25
    //   gst 18% × (2000 + 268 + 1) = 408.42 → 408
    //   total 2702
    buy: { brokerage: 2000, stt: 0, exchange: 268, sebi: 1, ipft: 0, stamp: 25, gst: 408, total: 2702 },
    // SELL 20 × 39815 paise = 796300 paise
    //   brokerage ₹20 = 2000
    //   stt 796300 × 0.15% = 1194.45 → 1194
    //   exchange 796300 × 0.0325% = 258.7975 → 259
    //   sebi 796300 × 10/10^7 = 0.7963 → 1
    //   gst 18% × (2000 + 259 + 1) = 406.8 → 407
    //   total 3861
    sell: { brokerage: 2000, stt: 1194, exchange: 259, sebi: 1, ipft: 0, stamp: 0, gst: 407, total: 3861 },
    // round trip: 2702 + 3861 = 6563
    roundTrip: 6563,
  },
];

const ORDERS = {
  NSE: { qty: 75, buy: 12_035, sell: 13_180 },
  BSE: { qty: 20, buy: 41_260, sell: 39_815 },
} as const;

describe('one round trip on a date in every card range', () => {
  const cards = loadRateCards();

  it('covers every NSE and BSE card once', () => {
    const own = cards.filter((c) => c.exchange !== 'ANY').map((c) => c.id);
    expect(CASES.map((c) => c.card).sort()).toEqual(own.sort());
  });

  for (const c of CASES) {
    it(`${c.exchange} ${c.date} (${c.card})`, () => {
      const card = selectRateCard(cards, c.exchange, c.date);
      expect(card.id).toBe(c.card);
      const o = ORDERS[c.exchange];
      const buy = chargesForOrder(card, { action: 'BUY', qty: o.qty, price: o.buy });
      const sell = chargesForOrder(card, { action: 'SELL', qty: o.qty, price: o.sell });
      expect(buy).toEqual(c.buy);
      expect(sell).toEqual(c.sell);
      expect(buy.total + sell.total).toBe(c.roundTrip);
    });
  }
});
