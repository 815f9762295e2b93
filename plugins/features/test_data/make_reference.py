#!/usr/bin/python3
"""Reference values for every indicator of the features plugin, from numpy, written the way
each indicator's author defines it (batch formulas over the whole series, not streaming):

  SMA, WMA          textbook definitions (StockCharts ChartSchool "Moving Averages")
  EMA               multiplier 2/(n+1), seeded with the SMA of the first n values
                    (StockCharts ChartSchool "Moving Averages - Simple and Exponential")
  RSI               J. Welles Wilder, New Concepts in Technical Trading Systems (1978):
                    first average = mean of the first n gains/losses, then Wilder smoothing
                    avg = (prev * (n - 1) + current) / n
  MACD              Gerald Appel: EMA(fast) - EMA(slow), signal = EMA(signal) of the MACD line,
                    histogram = MACD - signal (EMAs seeded as above)
  Bollinger         John Bollinger: SMA(n) +- k * population standard deviation; %b
  ATR               Wilder (1978): TR = max(H-L, |H-Cprev|, |L-Cprev|), first TR = H-L,
                    first ATR = mean of the first n TRs, then Wilder smoothing
  ADX, +DI, -DI     Wilder (1978): +DM/-DM, Wilder running sums of TR/+DM/-DM over n,
                    DX = 100 |+DI - -DI| / (+DI + -DI), ADX = mean of the first n DX, then Wilder
  Stochastic        George Lane: %K = 100 (C - LL(k)) / (HH(k) - LL(k)), %D = SMA(d) of %K
  OBV               Joe Granville: + volume on an up close, - on a down close, 0 at the start
  VWAP              sum(typical price * volume) / sum(volume), typical = (H+L+C)/3, per UTC day
  z-score           (C - mean(n)) / sample std(n) (ddof 1), window includes the current close
  volatility        sample std (ddof 1) of the last n log returns ln(C_t / C_{t-1})
  return            C_t / C_{t-n} - 1
  time of day       sin and cos of 2 pi * (UTC minute of day) / 1440

Writes bars.csv (the input: a seeded random walk of 5-minute OHLCV bars across a UTC
midnight) and reference.csv (one column per feature, empty where undefined).
Run: /usr/bin/python3 make_reference.py   (numpy only)
"""
import csv
import math
import os

import numpy as np

N = 400
HERE = os.path.dirname(os.path.abspath(__file__))


def make_bars():
    rng = np.random.default_rng(20261202)
    t0 = 1704225600 * 10**9  # 2024-01-02T20:00:00Z; the series crosses midnight
    ts = np.array([t0 + i * 300 * 10**9 for i in range(N)], dtype=np.int64)
    close = 100.0 * np.exp(np.cumsum(rng.normal(0, 0.004, N)))
    # Prices on a cent grid and whole-unit volumes, so the plugin's fixed-point input is exact.
    close = np.round(close, 2)
    opn = np.round(np.concatenate([[100.0], close[:-1]]) + rng.normal(0, 0.05, N), 2)
    high = np.round(np.maximum(opn, close) + np.abs(rng.normal(0, 0.15, N)), 2)
    low = np.round(np.minimum(opn, close) - np.abs(rng.normal(0, 0.15, N)), 2)
    vol = np.round(rng.uniform(100, 5000, N))
    close[17] = close[16]  # an unchanged close: OBV and RSI must treat it as neither up nor down
    return ts, opn, high, low, close, vol


def nan(n):
    return np.full(n, np.nan)


def sma(x, n):
    out = nan(len(x))
    for i in range(n - 1, len(x)):
        out[i] = np.mean(x[i - n + 1:i + 1])
    return out


def ema(x, n):
    """EMA of x, skipping leading NaNs, seeded with the SMA of the first n defined values."""
    out = nan(len(x))
    start = int(np.argmax(~np.isnan(x)))
    k = 2.0 / (n + 1)
    if len(x) - start < n:
        return out
    out[start + n - 1] = np.mean(x[start:start + n])
    for i in range(start + n, len(x)):
        out[i] = (x[i] - out[i - 1]) * k + out[i - 1]
    return out


def wma(x, n):
    w = np.arange(1, n + 1, dtype=float)
    out = nan(len(x))
    for i in range(n - 1, len(x)):
        out[i] = np.dot(w, x[i - n + 1:i + 1]) / w.sum()
    return out


def wilder(values, n, first):
    """Wilder smoothing of `values` from index `first` (the seed, mean of values[first-n+1..first])."""
    out = nan(len(values))
    out[first] = np.mean(values[first - n + 1:first + 1])
    for i in range(first + 1, len(values)):
        out[i] = (out[i - 1] * (n - 1) + values[i]) / n
    return out


def rsi(c, n):
    d = np.diff(c, prepend=np.nan)
    gain = np.where(d > 0, d, 0.0)
    loss = np.where(d < 0, -d, 0.0)
    ag, al = wilder(gain, n, n), wilder(loss, n, n)
    out = nan(len(c))
    for i in range(n, len(c)):
        out[i] = 100.0 if al[i] == 0 else 100.0 - 100.0 / (1.0 + ag[i] / al[i])
    return out


def macd(c, f, s, g):
    line = ema(c, f) - ema(c, s)
    sig = ema(line, g)
    line = np.where(np.isnan(sig), np.nan, line)  # the plugin emits the three together
    return line, sig, line - sig


def bollinger(c, n, k):
    mid = sma(c, n)
    sd = nan(len(c))
    for i in range(n - 1, len(c)):
        sd[i] = np.std(c[i - n + 1:i + 1], ddof=0)
    up, lo = mid + k * sd, mid - k * sd
    return mid, up, lo, (c - lo) / (up - lo)


def true_range(h, l, c):
    tr = h - l
    prev = np.concatenate([[np.nan], c[:-1]])
    tr[1:] = np.maximum.reduce([h[1:] - l[1:], np.abs(h[1:] - prev[1:]), np.abs(l[1:] - prev[1:])])
    return tr


def atr(h, l, c, n):
    return wilder(true_range(h, l, c), n, n - 1)


def adx(h, l, c, n):
    L = len(c)
    tr = true_range(h, l, c)
    pdm, mdm = np.zeros(L), np.zeros(L)
    for i in range(1, L):
        up, down = h[i] - h[i - 1], l[i - 1] - l[i]
        pdm[i] = up if (up > down and up > 0) else 0.0
        mdm[i] = down if (down > up and down > 0) else 0.0
    str_, spdm, smdm = nan(L), nan(L), nan(L)
    str_[n], spdm[n], smdm[n] = tr[1:n + 1].sum(), pdm[1:n + 1].sum(), mdm[1:n + 1].sum()
    for i in range(n + 1, L):
        str_[i] = str_[i - 1] - str_[i - 1] / n + tr[i]
        spdm[i] = spdm[i - 1] - spdm[i - 1] / n + pdm[i]
        smdm[i] = smdm[i - 1] - smdm[i - 1] / n + mdm[i]
    pdi, mdi = 100 * spdm / str_, 100 * smdm / str_
    dx = 100 * np.abs(pdi - mdi) / (pdi + mdi)
    a = wilder(dx, n, 2 * n - 1)
    defined = ~np.isnan(a)
    return a, np.where(defined, pdi, np.nan), np.where(defined, mdi, np.nan)


def stoch(h, l, c, k, d):
    K = nan(len(c))
    for i in range(k - 1, len(c)):
        hh, ll = h[i - k + 1:i + 1].max(), l[i - k + 1:i + 1].min()
        K[i] = 100 * (c[i] - ll) / (hh - ll)
    D = nan(len(c))
    for i in range(k + d - 2, len(c)):
        D[i] = np.mean(K[i - d + 1:i + 1])
    return np.where(np.isnan(D), np.nan, K), D


def obv(c, v):
    out = np.zeros(len(c))
    for i in range(1, len(c)):
        out[i] = out[i - 1] + (v[i] if c[i] > c[i - 1] else (-v[i] if c[i] < c[i - 1] else 0))
    return out


def vwap(ts, h, l, c, v):
    day = ts // (86400 * 10**9)
    tp = (h + l + c) / 3
    out = nan(len(c))
    for i in range(len(c)):
        same = day == day[i]
        idx = np.arange(len(c))[same & (np.arange(len(c)) <= i)]
        out[i] = np.sum(tp[idx] * v[idx]) / np.sum(v[idx])
    return out


def zscore(c, n):
    out = nan(len(c))
    for i in range(n - 1, len(c)):
        w = c[i - n + 1:i + 1]
        out[i] = (c[i] - w.mean()) / w.std(ddof=1)
    return out


def volatility(c, n):
    r = np.log(c[1:] / c[:-1])
    out = nan(len(c))
    for i in range(n, len(c)):
        out[i] = np.std(r[i - n:i], ddof=1)
    return out


def ret(c, n):
    out = nan(len(c))
    out[n:] = c[n:] / c[:-n] - 1
    return out


def tod(ts):
    minute = (ts // (60 * 10**9)) % 1440
    ang = 2 * math.pi * minute / 1440
    return np.sin(ang), np.cos(ang)


def main():
    ts, o, h, l, c, v = make_bars()
    with open(os.path.join(HERE, "bars.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ts_ns", "open", "high", "low", "close", "volume"])
        for row in zip(ts, o, h, l, c, v):
            w.writerow([int(row[0])] + ["%.2f" % x for x in row[1:5]] + ["%d" % row[5]])

    cols = {}
    cols["sma_20"] = sma(c, 20)
    cols["ema_12"] = ema(c, 12)
    cols["wma_10"] = wma(c, 10)
    cols["rsi_14"] = rsi(c, 14)
    cols["macd_12_26_9"], cols["macd_signal_12_26_9"], cols["macd_hist_12_26_9"] = macd(c, 12, 26, 9)
    (cols["bb_mid_20_2"], cols["bb_upper_20_2"], cols["bb_lower_20_2"],
     cols["bb_pctb_20_2"]) = bollinger(c, 20, 2.0)
    cols["atr_14"] = atr(h, l, c, 14)
    cols["adx_14"], cols["plus_di_14"], cols["minus_di_14"] = adx(h, l, c, 14)
    cols["stoch_k_14_3"], cols["stoch_d_14_3"] = stoch(h, l, c, 14, 3)
    cols["obv"] = obv(c, v)
    cols["vwap"] = vwap(ts, h, l, c, v)
    cols["zscore_20"] = zscore(c, 20)
    cols["vol_20"] = volatility(c, 20)
    cols["ret_5"] = ret(c, 5)
    cols["tod_sin"], cols["tod_cos"] = tod(ts)

    with open(os.path.join(HERE, "reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        names = list(cols)
        w.writerow(["ts_ns"] + names)
        for i in range(N):
            w.writerow([int(ts[i])] + ["" if np.isnan(cols[k][i]) else repr(float(cols[k][i])) for k in names])


if __name__ == "__main__":
    main()
