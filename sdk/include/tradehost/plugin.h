/*
 * tradehost plugin ABI -- the whole contract between the host and a plugin.
 *
 * C only (compiles as `gcc -std=c99 -pedantic -Wall -Werror`). Stability rules:
 *  - One exported data symbol, `tradehost_plugin_entry` (TH_PLUGIN_ENTRY_SYMBOL). Its first
 *    three fields (abi_major, abi_minor, size) never move. The host reads abi_major first and
 *    refuses a different major before it calls anything in the plugin.
 *  - Every struct that may grow begins with `uint32_t size` (or carries it right after the
 *    version in th_plugin_entry). The reader copies min(size, sizeof) into a zeroed struct, so
 *    an older plugin works in a newer host, and a newer plugin's larger struct is accepted.
 *  - Fields are appended, never reordered or retyped. Changed behaviour gets a `_v2` name.
 *  - The host function table (th_host_api) is append-only. Every member says `@since`.
 *  - No exception and no longjmp crosses this boundary. Calls return th_status; a failing
 *    instance call leaves text for th_plugin_entry::last_error.
 *  - Ownership: whoever allocates frees. Pointers handed into a callback are borrowed until
 *    it returns; a plugin copies what it keeps.
 *  - Threading: the host never calls one instance concurrently. Each callback below names
 *    the thread it runs on. A plugin that owns I/O threads publishes only through
 *    th_host_api::publish, which is thread-safe.
 *  - No plugin globals: all state hangs off th_instance, so two instances of one plugin and
 *    a hot reload both work.
 *
 * Prices and quantities on orders and fills are fixed-point integers (th_fixed, scale 1e8).
 * Instruments are interned ids (th_instrument); symbols as strings stay at the edges.
 */
#ifndef TRADEHOST_PLUGIN_H
#define TRADEHOST_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** ABI major version. A host refuses plugins of another major. @since 1.0 */
#define TH_ABI_VERSION_MAJOR 1
/** ABI minor version. Minors only append. 1.1 adds book, odds, news, sentiment, features,
 *  target and settlement events, th_execution_report::orig_client_order_id and instrument
 *  metadata (th_host_api::instrument_set_info/instrument_get_info). 1.2 adds TH_TIF_GTD,
 *  th_order_flag and th_order_request::expire_time_ns/flags, and th_signal::horizon_ns.
 *  1.3 adds decision ids: th_signal, th_target and th_order_request::decision_id (stamped by
 *  the host) and the cause ids that link a decision to the ones it came from.
 *  @since 1.0 */
#define TH_ABI_VERSION_MINOR 3

/** Name of the one exported symbol: a `const th_plugin_entry`. @since 1.0 */
#define TH_PLUGIN_ENTRY_SYMBOL "tradehost_plugin_entry"

/** Marks the entry symbol exported from a library built with hidden visibility. @since 1.0 */
#if defined(_WIN32)
#define TH_PLUGIN_EXPORT __declspec(dllexport)
#else
#define TH_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/** Declares the header's small helper functions (th_book_size, th_features_*): static inline,
 *  marked unused so a file that includes the header and calls none of them compiles
 *  warning-free. @since 1.1 */
#if defined(__GNUC__) || defined(__clang__)
#define TH_STATIC_INLINE static inline __attribute__((unused))
#else
#define TH_STATIC_INLINE static inline
#endif
/* Internal to this header: casts that C++ compilers do not flag as old-style. */
#ifdef __cplusplus
#define TH_CAST_INT_(T, v) static_cast<T>(v)
#define TH_CAST_CPTR_(T, p) reinterpret_cast<T>(p)
#define TH_CAST_PTR_(T, p) reinterpret_cast<T>(p)
#else
#define TH_CAST_INT_(T, v) ((T)(v))
#define TH_CAST_CPTR_(T, p) ((T)(const void*)(p))
#define TH_CAST_PTR_(T, p) ((T)(void*)(p))
#endif

/* ------------------------------------------------------------------------------------ */
/* Status codes                                                                          */
/* ------------------------------------------------------------------------------------ */

/** Result of every call across the boundary. @since 1.0 */
typedef int32_t th_status;

/** @since 1.0 */
enum {
    TH_OK = 0,                   /**< success */
    TH_ERR_INVALID_ARGUMENT = 1, /**< a null pointer, unknown port, malformed event */
    TH_ERR_CONFIG = 2,           /**< configuration rejected by the plugin */
    TH_ERR_STATE = 3,            /**< call not valid in the instance's current state */
    TH_ERR_UNSUPPORTED = 4,      /**< optional feature not provided */
    TH_ERR_IO = 5,               /**< network, file or venue I/O failed */
    TH_ERR_REJECTED = 6,         /**< business rejection (risk, venue) */
    TH_ERR_NOT_FOUND = 7,        /**< key, secret, instrument or timer unknown */
    TH_ERR_NO_MEMORY = 8,        /**< allocation failed */
    TH_ERR_AGAIN = 9,            /**< temporarily unable; retry later */
    TH_ERR_BUFFER_TOO_SMALL = 10,/**< caller's buffer too small; required size returned */
    TH_ERR_INTERNAL = 11         /**< bug or unexpected condition, including a caught exception */
};

/* ------------------------------------------------------------------------------------ */
/* Scalars                                                                               */
/* ------------------------------------------------------------------------------------ */

/** Fixed-point decimal: value * TH_FIXED_SCALE. @since 1.0 */
typedef int64_t th_fixed;
/** Scale of th_fixed: 1e8 (eight decimal places). @since 1.0 */
#define TH_FIXED_SCALE INT64_C(100000000)
/** Interned instrument id; 0 means "none". @since 1.0 */
typedef uint32_t th_instrument;
/** Nanoseconds since the Unix epoch (wall or simulated, see th_host_api::clock_now). @since 1.0 */
typedef int64_t th_time_ns;

/** Opaque plugin instance; defined by the plugin. @since 1.0 */
typedef struct th_instance th_instance;
/** Opaque host context of one instance; passed back on every host call. @since 1.0 */
typedef struct th_host_ctx th_host_ctx;
/** Opaque, read-only view of an instance's validated config. @since 1.0 */
typedef struct th_config th_config;

/* ------------------------------------------------------------------------------------ */
/* Events                                                                                */
/* ------------------------------------------------------------------------------------ */

/** Event kinds. Values are never reused; new kinds are appended. @since 1.0 */
typedef enum th_event_type {
    TH_EV_ANY = 0,             /**< only as an input port type: accepts every kind */
    TH_EV_QUOTE = 1,           /**< th_quote */
    TH_EV_TRADE = 2,           /**< th_trade */
    TH_EV_BAR = 3,             /**< th_bar */
    TH_EV_ORDER_REQUEST = 4,   /**< th_order_request */
    TH_EV_EXECUTION_REPORT = 5,/**< th_execution_report */
    TH_EV_FILL = 6,            /**< th_fill */
    TH_EV_POSITION = 7,        /**< th_position */
    TH_EV_SIGNAL = 8,          /**< th_signal */
    TH_EV_BALANCE = 9,         /**< th_balance */
    TH_EV_VENUE_STATUS = 10,   /**< th_venue_status */
    TH_EV_BOOK = 11,           /**< th_book: order book snapshot or delta. @since 1.1 */
    TH_EV_ODDS = 12,           /**< th_odds: one bookmaker or exchange price. @since 1.1 */
    TH_EV_NEWS = 13,           /**< th_news: one news item. @since 1.1 */
    TH_EV_SENTIMENT = 14,      /**< th_sentiment: a score of a news item. @since 1.1 */
    TH_EV_FEATURES = 15,       /**< th_features: float32 feature rows for models. @since 1.1 */
    TH_EV_TARGET = 16,         /**< th_target: a desired position. @since 1.1 */
    TH_EV_SETTLEMENT = 17,     /**< th_settlement: resolution, bet result, expiry. @since 1.1 */
    TH_EV_CUSTOM = 0x7fff      /**< th_custom: plugin-defined (type, size, bytes) */
} th_event_type;

/**
 * Common header of every event. 32 bytes.
 * `size` is the size of the whole event struct as the publisher compiled it.
 * The host stamps `seq` (per publishing port, starting at 1) and `source` (the publishing
 * instance's id) on publish. @since 1.0
 */
typedef struct th_event_header {
    uint32_t size;      /**< bytes of the whole event, header included; <= TH_EVENT_MAX_SIZE */
    uint16_t type;      /**< th_event_type */
    uint16_t version;   /**< 1 for every kind of ABI 1.x: fields appended in a minor show
                             in `size`; a changed meaning gets a new kind, not a version */
    th_time_ns ts;      /**< event time (exchange or simulated time) */
    uint64_t seq;       /**< set by the host on publish */
    uint32_t source;    /**< set by the host on publish */
    uint32_t flags;     /**< reserved, zero */
} th_event_header;

/** Largest event the host passes, header included. @since 1.0 */
#define TH_EVENT_MAX_SIZE 16384

/** Order side. @since 1.0 */
typedef enum th_side { TH_SIDE_NONE = 0, TH_SIDE_BUY = 1, TH_SIDE_SELL = 2 } th_side;

/** Best bid/offer. @since 1.0 */
typedef struct th_quote {
    th_event_header hdr;
    th_instrument instrument;
    uint32_t reserved;
    th_fixed bid_px;
    th_fixed bid_qty;
    th_fixed ask_px;
    th_fixed ask_qty;
} th_quote;

/** Public trade print. @since 1.0 */
typedef struct th_trade {
    th_event_header hdr;
    th_instrument instrument;
    uint32_t aggressor; /**< th_side of the taker, or TH_SIDE_NONE */
    th_fixed px;
    th_fixed qty;
} th_trade;

/** OHLCV bar. @since 1.0 */
typedef struct th_bar {
    th_event_header hdr;    /**< ts is the bar's close time */
    th_instrument instrument;
    uint32_t interval_s;
    th_fixed open;
    th_fixed high;
    th_fixed low;
    th_fixed close;
    th_fixed volume;
} th_bar;

/** What an order request asks for. @since 1.0 */
typedef enum th_order_action {
    TH_ORDER_NEW = 1,
    TH_ORDER_CANCEL = 2,
    TH_ORDER_REPLACE = 3
} th_order_action;

/** @since 1.0 */
typedef enum th_order_type {
    TH_ORDER_MARKET = 1,
    TH_ORDER_LIMIT = 2,
    TH_ORDER_STOP = 3,
    TH_ORDER_STOP_LIMIT = 4
} th_order_type;

/** Time in force. @since 1.0 */
typedef enum th_tif {
    TH_TIF_DAY = 1,
    TH_TIF_GTC = 2,
    TH_TIF_IOC = 3,
    TH_TIF_FOK = 4,
    TH_TIF_GTD = 5   /**< good till th_order_request::expire_time_ns. @since 1.2 */
} th_tif;

/** Order flags, th_order_request::flags. @since 1.2 */
typedef enum th_order_flag {
    TH_ORDER_FLAG_POST_ONLY   = 1u << 0, /**< reject rather than take liquidity. @since 1.2 */
    TH_ORDER_FLAG_REDUCE_ONLY = 1u << 1, /**< may only reduce the position. @since 1.2 */
    TH_ORDER_FLAG_PERSIST     = 1u << 2  /**< betting exchanges: keep an unmatched bet when the
                                              market turns in-play (Betfair PERSIST); unset = LAPSE.
                                              @since 1.2 */
} th_order_flag;

/** Length of id fields, NUL included. @since 1.0 */
#define TH_ID_LEN 40
/** Length of reason/text fields, NUL included. @since 1.0 */
#define TH_TEXT_LEN 96
/** Length of th_signal::cause_ids and th_target::cause_ids. @since 1.3 */
#define TH_CAUSE_MAX 8

/**
 * New, cancel or replace. `client_order_id` is unique per journal and idempotent: a venue
 * seeing an id twice rejects the second. Cancel and replace name the order in
 * `orig_client_order_id`. @since 1.0
 */
typedef struct th_order_request {
    th_event_header hdr;
    th_instrument instrument;
    uint8_t action;     /**< th_order_action */
    uint8_t side;       /**< th_side */
    uint8_t order_type; /**< th_order_type */
    uint8_t tif;        /**< th_tif */
    th_fixed qty;       /**< > 0 */
    th_fixed limit_px;  /**< LIMIT, STOP_LIMIT */
    th_fixed stop_px;   /**< STOP, STOP_LIMIT */
    char client_order_id[TH_ID_LEN];
    char orig_client_order_id[TH_ID_LEN];
    /* Appended in 1.2: a 1.1 publisher's request is shorter (hdr.size 144); read them as 0. */
    th_time_ns expire_time_ns; /**< @since 1.2: TH_TIF_GTD only; UTC ns; 0 otherwise */
    uint32_t flags;            /**< @since 1.2: th_order_flag bits */
    uint32_t reserved12;       /**< @since 1.2: 0 */
    /* Appended in 1.3: a 1.2 publisher's request is 160 bytes; read them as 0. */
    uint64_t decision_id;      /**< @since 1.3: set by the host on publish (unique in the
                                    journal, > 0); whatever the publisher wrote is replaced */
    uint64_t cause_id;         /**< @since 1.3: decision id of the target (or signal) this
                                    order works, as its publisher received it; 0 = none */
} th_order_request;

/** @since 1.0 */
typedef enum th_exec_type {
    TH_EXEC_NEW = 1,          /**< accepted, resting */
    TH_EXEC_PARTIAL_FILL = 2,
    TH_EXEC_FILL = 3,
    TH_EXEC_CANCELED = 4,
    TH_EXEC_REPLACED = 5,
    TH_EXEC_REJECTED = 6,     /**< by risk or venue; `reason` says why */
    TH_EXEC_EXPIRED = 7
} th_exec_type;

/** @since 1.0 */
typedef enum th_order_status {
    TH_STATUS_PENDING_NEW = 1,
    TH_STATUS_NEW = 2,
    TH_STATUS_PARTIALLY_FILLED = 3,
    TH_STATUS_FILLED = 4,
    TH_STATUS_CANCELED = 5,
    TH_STATUS_REJECTED = 6,
    TH_STATUS_EXPIRED = 7
} th_order_status;

/** State change of one order. @since 1.0 */
typedef struct th_execution_report {
    th_event_header hdr;
    th_instrument instrument;
    uint8_t exec_type;    /**< th_exec_type */
    uint8_t status;       /**< th_order_status */
    uint8_t side;         /**< th_side */
    uint8_t reserved;
    th_fixed order_qty;
    th_fixed cum_qty;
    th_fixed leaves_qty;
    th_fixed avg_px;
    th_fixed last_px;
    th_fixed last_qty;
    char client_order_id[TH_ID_LEN];
    char venue_order_id[TH_ID_LEN];
    char reason[TH_TEXT_LEN]; /**< empty unless rejected/canceled with a reason */
    char orig_client_order_id[TH_ID_LEN]; /**< @since 1.1: the order a replace/cancel refers
                                               to; "" otherwise. A 1.0 publisher's report is
                                               264 bytes (hdr.size) and reads as "". */
} th_execution_report;

/** @since 1.0 */
typedef enum th_liquidity { TH_LIQ_UNKNOWN = 0, TH_LIQ_MAKER = 1, TH_LIQ_TAKER = 2 } th_liquidity;

/** One execution. `fill_id` is unique per venue instance. @since 1.0 */
typedef struct th_fill {
    th_event_header hdr;
    th_instrument instrument;
    uint8_t side;      /**< th_side */
    uint8_t liquidity; /**< th_liquidity */
    uint16_t reserved;
    th_fixed px;
    th_fixed qty;
    th_fixed fee;      /**< in quote currency; positive is a cost */
    char client_order_id[TH_ID_LEN];
    char venue_order_id[TH_ID_LEN];
    char fill_id[TH_ID_LEN];
} th_fill;

/** Position of one instrument at the publisher (venue or risk). @since 1.0 */
typedef struct th_position {
    th_event_header hdr;
    th_instrument instrument;
    uint32_t reserved;
    th_fixed qty;            /**< signed: long > 0 */
    th_fixed avg_px;
    th_fixed realized_pnl;   /**< net of fees */
    th_fixed unrealized_pnl; /**< marked at the last quote mid */
} th_position;

/**
 * Model or strategy output; not an order. Direction and conviction are two fields: `value`
 * carries the direction (its sign) on the plugin's own scale, `strength` the conviction as
 * a confidence in [0, 1]. A consumer that needs one signed score in [-1, 1] (an ensemble,
 * an agent) takes sign(value) * strength, comparable across plugins whatever their scales.
 * A strength outside [0, 1] or NaN is a publisher's error: the host journals it as sent and
 * counts it in the run summary, and log_sink flags it. 1.0 plugins already emit 0..1, so a
 * signed strength would have changed what their signals mean. @since 1.0
 */
typedef struct th_signal {
    th_event_header hdr;
    th_instrument instrument;
    uint32_t reserved;
    double value;     /**< signed: the sign is the direction (> 0 long/up, < 0 short/down),
                           the magnitude is the plugin's own scale. Signals are analytics,
                           so floating point is allowed here */
    double strength;  /**< confidence in [0, 1], never negative: the direction is in `value` */
    char name[32];
    th_time_ns horizon_ns;     /**< @since 1.2: how far ahead the view is meant; 0 = unstated */
    /* Appended in 1.3: a 1.2 publisher's signal is 96 bytes; read them as 0. */
    uint64_t decision_id;      /**< @since 1.3: set by the host on publish (unique in the
                                    journal, > 0); whatever the publisher wrote is replaced */
    uint64_t cause_ids[TH_CAUSE_MAX]; /**< @since 1.3: decision ids of the signals this one
                                    was made from, as received; the first 0 ends the list */
} th_signal;

/** Cash balance of one currency. @since 1.0 */
typedef struct th_balance {
    th_event_header hdr;
    char currency[16];
    th_fixed total;
    th_fixed available;
} th_balance;

/** @since 1.0 */
typedef enum th_venue_state {
    TH_VENUE_CONNECTED = 1,
    TH_VENUE_DISCONNECTED = 2,
    TH_VENUE_GAP = 3,        /**< data may have been missed */
    TH_VENUE_RECONCILED = 4
} th_venue_state;

/** Connectivity change of a venue adapter. @since 1.0 */
typedef struct th_venue_status {
    th_event_header hdr;
    uint32_t state;  /**< th_venue_state */
    uint32_t reserved;
    char venue[32];
    char text[TH_TEXT_LEN];
} th_venue_status;

/**
 * Plugin-defined kind: the header's size covers `custom_type`, `payload_size` and the
 * payload bytes that follow this struct in memory. Edges join TH_EV_CUSTOM ports by event
 * type only; publisher and consumer agree on `custom_type` and check it. @since 1.0
 */
typedef struct th_custom {
    th_event_header hdr;
    uint32_t custom_type;
    uint32_t payload_size;
    /* payload_size bytes follow */
} th_custom;

/* ------------------------------------------------------------------------------------ */
/* Events added in 1.1                                                                   */
/* ------------------------------------------------------------------------------------ */
/*
 * Like every event, these are published as a borrowed `th_event_header*` (the publisher owns
 * the struct; the host copies what it keeps) and delivered into on_event as a borrowed
 * `const th_event_header*`, valid until on_event returns. A 1.0 host carries these kinds by
 * their number (it joins ports of equal type and checks only the size bounds), but does not
 * name them; a plugin that needs a 1.1 host service checks TH_HOST_HAS. `hdr.version` is 1
 * for each. Text fields are NUL-terminated UTF-8. Thread: as every event, delivered on the
 * consumer's executor.
 */

/** Largest number of levels (bids and asks together) one th_book carries. @since 1.1 */
#define TH_BOOK_MAX_LEVELS 1000

/** Whether a book update was checked against the venue's checksum. @since 1.1 */
typedef enum th_book_checksum {
    TH_BOOK_CHECKSUM_NONE = 0,    /**< the venue publishes none (or it was not checked) */
    TH_BOOK_CHECKSUM_VERIFIED = 1 /**< the publisher checked the venue's checksum */
} th_book_checksum;

/** One price level of a book. @since 1.1 */
typedef struct th_book_level {
    th_fixed px;
    th_fixed qty;  /**< in a delta, 0 removes the level */
} th_book_level;

/**
 * Order book of one instrument, a snapshot or a delta. Variable size: `levels` holds
 * `bid_count` bids (best first) and then `ask_count` asks (best first); only those are sent.
 * The publisher sets `hdr.size` to th_book_size(bid_count, ask_count), i.e.
 * `offsetof(th_book, levels) + (bid_count + ask_count) * sizeof(th_book_level)`, and a reader
 * reads no level beyond it. A snapshot replaces the whole book; in a delta each level
 * replaces the level at its price and qty 0 removes it.
 *
 * Betting exchanges: back = buy, lay = sell. The prices "available to back" are offers, so
 * they are the asks; the prices "available to lay" are the bids. Prediction markets: prices
 * of an outcome token in 0..1. @since 1.1
 */
typedef struct th_book {
    th_event_header hdr;      /**< size: th_book_size(bid_count, ask_count) */
    th_instrument instrument;
    uint8_t snapshot;         /**< 1: replaces the whole book; 0: delta */
    uint8_t checksum;         /**< th_book_checksum */
    uint16_t bid_count;
    uint16_t ask_count;       /**< bid_count + ask_count <= TH_BOOK_MAX_LEVELS */
    uint16_t reserved;
    uint32_t reserved2;
    uint64_t venue_seq;       /**< venue's sequence/update id of the last update included; 0 if none */
    uint64_t first_venue_seq; /**< first venue update id included (Binance `U`); 0 if none */
    th_book_level levels[TH_BOOK_MAX_LEVELS]; /**< bids (best first), then asks (best first) */
} th_book;

/** hdr.size of a th_book carrying `bid_count` bids and `ask_count` asks. @since 1.1 */
TH_STATIC_INLINE uint32_t th_book_size(uint32_t bid_count, uint32_t ask_count) {
    size_t levels = bid_count;
    levels += ask_count;
    return TH_CAST_INT_(uint32_t, offsetof(th_book, levels) + levels * sizeof(th_book_level));
}

/** Kind of betting market of a th_odds. @since 1.1 */
typedef enum th_odds_market {
    TH_ODDS_H2H = 1,      /**< head to head / match winner / moneyline */
    TH_ODDS_SPREAD = 2,   /**< handicap; `point` is the line */
    TH_ODDS_TOTAL = 3,    /**< over/under; `point` is the total */
    TH_ODDS_OUTRIGHT = 4, /**< futures: winner of a competition */
    TH_ODDS_OTHER = 5     /**< see `market_key` */
} th_odds_market;

/**
 * One price of one outcome from a bookmaker or a betting exchange. `hdr.ts` is the
 * bookmaker's last update of this price. Decimal odds: a stake s at price p returns s * p
 * in total if it wins. @since 1.1
 */
typedef struct th_odds {
    th_event_header hdr;      /**< ts: the bookmaker's last update */
    th_instrument instrument; /**< the selection, if the venue interned one; else 0 */
    uint8_t market;           /**< th_odds_market */
    uint8_t side;             /**< th_side: BUY = back price, SELL = lay price; bookmakers are BUY */
    uint8_t has_point;        /**< 1 if `point` is set */
    uint8_t reserved;
    uint32_t reserved2;
    th_fixed price;           /**< decimal odds (2.5 = evens plus half) */
    th_fixed point;           /**< handicap or total line, when has_point */
    th_fixed size;            /**< stake available at this price; 0 if unknown */
    char event_id[TH_ID_LEN]; /**< the venue's id of the sporting event */
    char bookmaker[32];       /**< e.g. "pinnacle", "betfair_ex_uk" */
    char outcome[64];         /**< e.g. a team, "Over", "Draw" */
    char market_key[32];      /**< the venue's own market key, e.g. "h2h_lay", "player_points" */
} th_odds;

/** Most instruments one th_news names. @since 1.1 */
#define TH_NEWS_MAX_INSTRUMENTS 16
/** Length of th_news::summary, NUL included. @since 1.1 */
#define TH_NEWS_SUMMARY_LEN 1024

/**
 * One news item. `hdr.ts` is the published time. Strings the publisher shortens to fit are
 * truncated at a UTF-8 character boundary (never inside a multi-byte character); the
 * summary, not the whole body, is carried: fetch the body from `url` if needed. @since 1.1
 */
typedef struct th_news {
    th_event_header hdr;      /**< ts: published time */
    th_time_ns updated;       /**< last update of the story; 0 if never updated */
    uint16_t instrument_count;/**< entries used in `instruments` (<= TH_NEWS_MAX_INSTRUMENTS) */
    uint16_t reserved;
    uint32_t reserved2;
    th_instrument instruments[TH_NEWS_MAX_INSTRUMENTS]; /**< instruments the story names */
    char id[64];              /**< the source's id of the story; unique per source */
    char source[32];          /**< e.g. "benzinga", "reuters" */
    char language[8];         /**< BCP 47 tag ("en", "en-US"); "" if unknown */
    char headline[256];
    char url[512];
    char summary[TH_NEWS_SUMMARY_LEN]; /**< truncated at a UTF-8 boundary by the publisher */
} th_news;

/** A sentiment score of a news item, per instrument or for the whole story. @since 1.1 */
typedef struct th_sentiment {
    th_event_header hdr;
    th_instrument instrument; /**< the instrument scored; 0 = the story as a whole */
    uint32_t reserved;
    double score;             /**< -1 (negative) .. 1 (positive); analytics, so double */
    double confidence;        /**< 0..1 */
    char news_id[64];         /**< th_news::id of the story scored */
    char scorer[32];          /**< the model or method, e.g. "finbert-1.2" */
} th_sentiment;

/**
 * Feature rows for models, float32, row-major. Variable size. After the fixed struct:
 *  - when `instrument` == 0 (a batch over a universe): `rows` th_instrument ids, one per row;
 *  - then `rows * cols` float values, row-major, 4-byte aligned.
 * `hdr.size` is th_features_size(rows, cols, instrument == 0). Read the data with
 * th_features_instruments() and th_features_values(). `schema_hash` is
 * th_features_schema_hash("name1,name2,...;v<version>") of the column names in order, so a
 * model checks it matches what it was trained on. A batch larger than one event
 * (TH_EVENT_MAX_SIZE) spans `parts` events with the same `batch_seq`, numbered `part`
 * 0..parts-1, each carrying whole rows. @since 1.1
 */
typedef struct th_features {
    th_event_header hdr;      /**< size: th_features_size(rows, cols, instrument == 0) */
    th_instrument instrument; /**< the row's instrument; 0 = a batch, rows name their instruments */
    uint16_t rows;
    uint16_t cols;
    uint64_t schema_hash;     /**< FNV-1a 64 of "name1,name2,...;v<version>" */
    uint32_t batch_seq;       /**< one number per timestamp's batch */
    uint16_t part;            /**< 0..parts-1 */
    uint16_t parts;           /**< events this batch spans; 1 (or 0) if one */
    char schema[32];          /**< schema name, e.g. "momentum_v3" */
    /* when instrument == 0: rows th_instrument ids; then rows*cols float values */
} th_features;

/** Most float values a single-instrument th_features carries in one event:
 *  (TH_EVENT_MAX_SIZE - sizeof(th_features)) / sizeof(float). @since 1.1 */
#define TH_FEATURES_MAX_VALUES 4074

/** hdr.size of a th_features of `rows` x `cols`; `batch` non-zero when instrument == 0
 *  (row ids precede the values). @since 1.1 */
TH_STATIC_INLINE uint32_t th_features_size(uint32_t rows, uint32_t cols, int batch) {
    size_t n = rows;
    size_t bytes = sizeof(th_features) + n * cols * sizeof(float);
    if (batch) bytes += n * sizeof(th_instrument);
    return TH_CAST_INT_(uint32_t, bytes);
}

/** The row ids of a batch (instrument == 0), or NULL for a single instrument. Borrowed from
 *  `f`. @since 1.1 */
TH_STATIC_INLINE const th_instrument* th_features_instruments(const th_features* f) {
    if (f->instrument != 0) return NULL;
    return TH_CAST_CPTR_(const th_instrument*, TH_CAST_CPTR_(const unsigned char*, f) + sizeof(th_features));
}

/** The rows*cols values, row-major. Borrowed from `f`. @since 1.1 */
TH_STATIC_INLINE const float* th_features_values(const th_features* f) {
    size_t off = sizeof(th_features);
    if (f->instrument == 0) off += f->rows * sizeof(th_instrument);
    return TH_CAST_CPTR_(const float*, TH_CAST_CPTR_(const unsigned char*, f) + off);
}

/** Writable row ids, for a publisher filling `f` (rows and instrument set first). @since 1.1 */
TH_STATIC_INLINE th_instrument* th_features_instruments_mut(th_features* f) {
    if (f->instrument != 0) return NULL;
    return TH_CAST_PTR_(th_instrument*, TH_CAST_PTR_(unsigned char*, f) + sizeof(th_features));
}

/** Writable values, for a publisher filling `f` (rows, cols and instrument set first). @since 1.1 */
TH_STATIC_INLINE float* th_features_values_mut(th_features* f) {
    size_t off = sizeof(th_features);
    if (f->instrument == 0) off += f->rows * sizeof(th_instrument);
    return TH_CAST_PTR_(float*, TH_CAST_PTR_(unsigned char*, f) + off);
}

/** FNV-1a 64 of the NUL-terminated `text` (the schema text "name1,name2,...;v<version>").
 *  @since 1.1 */
TH_STATIC_INLINE uint64_t th_features_schema_hash(const char* text) {
    uint64_t h = UINT64_C(14695981039346656037);
    const unsigned char* p = TH_CAST_CPTR_(const unsigned char*, text);
    while (p && *p) {
        h ^= *p++;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

/** What th_target::value means. @since 1.1 */
typedef enum th_target_kind {
    TH_TARGET_QTY = 1,      /**< signed position in units (long > 0) */
    TH_TARGET_WEIGHT = 2,   /**< signed weight of the portfolio (1 = 100%) */
    TH_TARGET_NOTIONAL = 3  /**< signed notional in the instrument's currency */
} th_target_kind;

/**
 * A desired position, from a strategy, model or agent to an execution or portfolio plugin;
 * not an order. @since 1.1
 */
typedef struct th_target {
    th_event_header hdr;
    th_instrument instrument;
    uint8_t kind;             /**< th_target_kind */
    uint8_t urgency;          /**< 0 passive .. 255 immediate */
    uint16_t reserved;
    th_fixed value;           /**< signed, in the unit `kind` names */
    th_time_ns horizon_ns;    /**< reach the target within this time; 0 = no deadline */
    char strategy[32];        /**< who wants it */
    char reason[TH_TEXT_LEN]; /**< why, for the journal and operators */
    /* Appended in 1.3: a 1.1/1.2 publisher's target is 184 bytes; read them as 0. */
    uint64_t decision_id;     /**< @since 1.3: set by the host on publish (unique in the
                                   journal, > 0); whatever the publisher wrote is replaced */
    uint64_t cause_ids[TH_CAUSE_MAX]; /**< @since 1.3: decision ids of the signals or the
                                   target this one was made from; the first 0 ends the list */
} th_target;

/** Kind of a th_settlement. @since 1.1 */
typedef enum th_settle_kind {
    TH_SETTLE_RESOLVED = 1,   /**< a prediction market resolved */
    TH_SETTLE_BET_RESULT = 2, /**< a bet was settled won or lost */
    TH_SETTLE_EXPIRY = 3,     /**< a future or option expired */
    TH_SETTLE_VOID = 4        /**< voided: stakes returned */
} th_settle_kind;

/**
 * An instrument settled: positions in it close at `price` per unit. @since 1.1
 */
typedef struct th_settlement {
    th_event_header hdr;
    th_instrument instrument;
    uint8_t kind;             /**< th_settle_kind */
    uint8_t reserved[3];
    th_fixed price;           /**< settlement price per unit: 1 or 0 for outcome tokens; decimal
                                   odds for a winning back bet and 0 for a loser */
    char event_id[TH_ID_LEN]; /**< the venue's event or market id */
    char text[TH_TEXT_LEN];   /**< e.g. the winning outcome */
} th_settlement;

/** Asset class of an instrument (th_instrument_info::asset_class). @since 1.1 */
typedef enum th_asset_class {
    TH_ASSET_UNKNOWN = 0,
    TH_ASSET_EQUITY = 1,
    TH_ASSET_FX = 2,
    TH_ASSET_CRYPTO = 3,
    TH_ASSET_PREDICTION_OUTCOME = 4, /**< an outcome token of a prediction market, priced 0..1 */
    TH_ASSET_BETTING_SELECTION = 5,  /**< a runner/selection of a betting market, decimal odds */
    TH_ASSET_FANTASY_PLAYER = 6,
    TH_ASSET_FUTURE = 7,
    TH_ASSET_OPTION = 8
} th_asset_class;

/**
 * Metadata of one instrument, registered by the plugin that knows it (usually the venue
 * adapter) through th_host_api::instrument_set_info and read by any plugin (risk gates,
 * strategies) through instrument_get_info. Size-prefixed: `size` is sizeof(th_instrument_info)
 * as compiled by the writer. A zero field means "not known / no constraint": tick_size 0
 * (any price, e.g. a venue whose ticks follow a price ladder checks them itself), lot_size 0,
 * min_qty 0, min_price 0, max_price 0 (no bound), expiry 0 (none). @since 1.1
 */
typedef struct th_instrument_info {
    uint32_t size;            /**< sizeof(th_instrument_info) as compiled by the writer */
    uint16_t asset_class;     /**< th_asset_class */
    uint16_t reserved;
    th_fixed tick_size;       /**< prices are multiples of this; 0 = not known */
    th_fixed lot_size;        /**< quantities are multiples of this; 0 = not known */
    th_fixed min_qty;         /**< smallest order quantity (stake for bets); 0 = none */
    th_fixed min_price;       /**< lowest valid price, inclusive; 0 = no bound */
    th_fixed max_price;       /**< highest valid price, inclusive; 0 = no bound */
    th_time_ns expiry;        /**< expiry, settlement or event start time; 0 = none */
    char currency[16];        /**< currency of prices and stakes, e.g. "USD", "USDC", "GBP" */
    char venue[32];           /**< the venue that listed it */
    char group[TH_ID_LEN];    /**< event/market that groups outcomes or runners; "" if none */
} th_instrument_info;

/* ------------------------------------------------------------------------------------ */
/* Declarations a plugin makes: ports and config schema                                 */
/* ------------------------------------------------------------------------------------ */

/** @since 1.0 */
typedef enum th_port_direction { TH_PORT_IN = 1, TH_PORT_OUT = 2 } th_port_direction;

/**
 * One port. Ports are numbered by their index in th_plugin_entry::ports, counting inputs
 * and outputs together; on_event and publish use that index. @since 1.0
 */
typedef struct th_port_desc {
    uint32_t size;        /**< sizeof(th_port_desc) as compiled by the plugin */
    uint16_t direction;   /**< th_port_direction */
    uint16_t event_type;  /**< th_event_type; TH_EV_ANY only on inputs */
    const char* name;     /**< unique among the plugin's ports of the same direction, [a-z0-9_]+ */
    const char* doc;      /**< one line */
} th_port_desc;

/** Config value types. @since 1.0 */
typedef enum th_config_type {
    TH_CFG_BOOL = 1,
    TH_CFG_INT = 2,         /**< int64 */
    TH_CFG_FLOAT = 3,       /**< double */
    TH_CFG_STRING = 4,
    TH_CFG_DECIMAL = 5,     /**< exact decimal read into th_fixed */
    TH_CFG_DURATION = 6,    /**< "250ms", "2s", "1m", "1h" or an integer of nanoseconds */
    TH_CFG_STRING_LIST = 7
} th_config_type;

/** Field flags. @since 1.0 */
enum {
    TH_CFG_REQUIRED = 1u << 0, /**< no default; config must set it */
    TH_CFG_SECRET = 1u << 1    /**< never logged or echoed; usually `${ENV}` */
};

/**
 * One config key. The host rejects unknown keys, wrong types and missing required keys
 * with `file:line:col` before create, and fills defaults. @since 1.0
 */
typedef struct th_config_field {
    uint32_t size;            /**< sizeof(th_config_field) as compiled by the plugin */
    uint32_t type;            /**< th_config_type */
    uint32_t flags;           /**< TH_CFG_* flags */
    uint32_t reserved;
    const char* key;          /**< [a-z0-9_]+ */
    const char* default_value;/**< text in config syntax, or NULL (then required or unset);
                                   STRING_LIST: comma-separated items, e.g. "AAPL, MSFT" */
    const char* doc;          /**< one line */
    double min;               /**< INT/FLOAT/DECIMAL/DURATION(ns): inclusive bound, if min < max */
    double max;
} th_config_field;

/* ------------------------------------------------------------------------------------ */
/* Host services                                                                          */
/* ------------------------------------------------------------------------------------ */

/** @since 1.0 */
typedef enum th_log_level {
    TH_LOG_TRACE = 0, TH_LOG_DEBUG = 1, TH_LOG_INFO = 2,
    TH_LOG_WARN = 3, TH_LOG_ERROR = 4
} th_log_level;

/**
 * The host's function table, handed to create. It stays valid until the instance is
 * destroyed. Append-only: check `size` before using a member added after 1.0
 * (TH_HOST_HAS(api, member); 1.1 added instrument_set_info and instrument_get_info).
 *
 * Threads: create, destroy and restore run on the host's control thread; start, stop,
 * on_event, on_timer and snapshot on the instance's executor thread. Members marked
 * "thread-safe" may be called from any thread, the plugin's own included. The config getters
 * may be called from any callback while `cfg` is valid. timer_start and timer_cancel only on
 * the executor thread, from start() on. Everything else: from the instance's own callbacks
 * (create included). @since 1.0
 */
typedef struct th_host_api {
    uint32_t size;        /**< sizeof(th_host_api) as compiled by the host. @since 1.0 */
    uint16_t abi_major;   /**< the host's ABI major. @since 1.0 */
    uint16_t abi_minor;   /**< the host's ABI minor. @since 1.0 */

    /** Log a line under the instance's name. Thread-safe. `msg` borrowed. @since 1.0 */
    void (*log)(th_host_ctx* ctx, th_log_level level, const char* msg);

    /**
     * Publish an event on output port `port`; `ev` is borrowed for the call.
     * On the instance's executor thread the host stamps ev->seq and ev->source into the
     * caller's struct, journals order-path events, and then per edge of the port: calls the
     * consumer directly before returning (same executor), queues it on the executor (edges
     * marked feedback, or call chains deeper than 48), or copies it into the edge's ring
     * (other executor). From any other thread (thread-safe) the event is copied and handed
     * to the executor, which stamps and delivers the copy.
     * Returns TH_ERR_INVALID_ARGUMENT for an unknown port, a type other than the port's or a
     * size outside [sizeof(th_event_header), TH_EVENT_MAX_SIZE]; TH_ERR_AGAIN when nothing
     * more is accepted from this instance (its stop returned, it was isolated, or, for a
     * source, host.run.max_events was reached): stop publishing. @since 1.0
     */
    th_status (*publish)(th_host_ctx* ctx, uint32_t port, th_event_header* ev);

    /**
     * Start a timer: on_timer fires after `delay_ns`, then every `period_ns` if > 0.
     * Writes the timer id to `out_id`. Executor thread only, from start() on; otherwise
     * TH_ERR_STATE. Timers end at stop. @since 1.0
     */
    th_status (*timer_start)(th_host_ctx* ctx, int64_t delay_ns, int64_t period_ns,
                             uint64_t* out_id);
    /** Cancel a timer; TH_ERR_NOT_FOUND if unknown or already done. Executor thread only.
     *  @since 1.0 */
    th_status (*timer_cancel)(th_host_ctx* ctx, uint64_t timer_id);

    /** The host clock in ns since the epoch. Thread-safe. @since 1.0 */
    th_time_ns (*clock_now)(th_host_ctx* ctx);

    /** Intern `symbol` (borrowed) and return its id (never 0). Thread-safe. @since 1.0 */
    th_status (*instrument_intern)(th_host_ctx* ctx, const char* symbol, th_instrument* out_id);
    /**
     * Symbol of an interned id, or NULL if unknown. The string is owned by the host and lives
     * as long as the host. Thread-safe. @since 1.0
     */
    const char* (*instrument_symbol)(th_host_ctx* ctx, th_instrument id);

    /**
     * Read a secret (an environment variable named `name`) into `buf` of `cap` bytes, NUL
     * terminated; `out_len` gets the length without NUL. TH_ERR_BUFFER_TOO_SMALL if it does
     * not fit, TH_ERR_NOT_FOUND if unset. The host never logs the value. Thread-safe. @since 1.0
     */
    th_status (*secret_get)(th_host_ctx* ctx, const char* name, char* buf, size_t cap,
                            size_t* out_len);

    /**
     * Store a durable blob for this instance under `key` (both borrowed): a synchronous
     * SQLite write. Thread-safe (adapters persist from their I/O threads). @since 1.0
     * Returns once committed, in one journal transaction with the events the calling
     * callback published before it, and after every event journaled before the callback
     * began (write-ahead: publish what a change produces, then save the state; the host's
     * operator guide, "What survives a crash").
     */
    th_status (*state_put)(th_host_ctx* ctx, const char* key, const void* data, size_t len);
    /**
     * Read a blob stored by state_put into `buf` of `cap` bytes; `out_len` gets its size.
     * TH_ERR_NOT_FOUND if absent, TH_ERR_BUFFER_TOO_SMALL (with out_len set) if cap is short.
     * Thread-safe. @since 1.0
     */
    th_status (*state_get)(th_host_ctx* ctx, const char* key, void* buf, size_t cap,
                           size_t* out_len);

    /**
     * Add `delta` to this instance's counter `name` ([a-z0-9_]+), exported on /metrics as
     * tradehost_plugin_<name>_total{instance=...}. Thread-safe. @since 1.0
     */
    void (*metric_add)(th_host_ctx* ctx, const char* name, int64_t delta);

    /* Config access. `cfg` is the pointer given to create; values are owned by the host
     * and valid until destroy. Missing keys without default give TH_ERR_NOT_FOUND. */
    /** @since 1.0 */
    th_status (*config_get_bool)(const th_config* cfg, const char* key, int* out);
    /** @since 1.0 */
    th_status (*config_get_int)(const th_config* cfg, const char* key, int64_t* out);
    /** @since 1.0 */
    th_status (*config_get_float)(const th_config* cfg, const char* key, double* out);
    /** @since 1.0 */
    th_status (*config_get_string)(const th_config* cfg, const char* key, const char** out);
    /** DECIMAL keys as th_fixed. @since 1.0 */
    th_status (*config_get_fixed)(const th_config* cfg, const char* key, th_fixed* out);
    /** DURATION keys in nanoseconds. @since 1.0 */
    th_status (*config_get_duration)(const th_config* cfg, const char* key, int64_t* out);
    /** Number of items of a STRING_LIST key. @since 1.0 */
    th_status (*config_get_list_size)(const th_config* cfg, const char* key, size_t* out);
    /** Item `index` of a STRING_LIST key. @since 1.0 */
    th_status (*config_get_list_item)(const th_config* cfg, const char* key, size_t index,
                                      const char** out);

    /**
     * A source plugin says it has nothing more to publish. A bounded run ends when every
     * source has finished and all queues are drained. Thread-safe. @since 1.0
     */
    void (*source_finished)(th_host_ctx* ctx);

    /**
     * Monotonic number of this host session (restarts of the same journal count up).
     * Plugins put it in client order ids so ids stay unique across restarts. @since 1.0
     */
    uint64_t (*session_id)(th_host_ctx* ctx);

    /** Non-zero while the operator's kill switch is engaged. Thread-safe. @since 1.0 */
    int (*kill_switch_engaged)(th_host_ctx* ctx);

    /** This instance's name from config (host-owned, valid until destroy). @since 1.0 */
    const char* (*instance_name)(th_host_ctx* ctx);

    /* ---- 1.1: check TH_HOST_HAS(api, instrument_get_info) before calling these ---- */

    /**
     * Register the metadata of interned instrument `id`; `info` is borrowed. The host copies
     * min(info->size, sizeof(th_instrument_info)) bytes into a zeroed record. A later call
     * for the same id replaces the whole record (e.g. a tick-size change). The record is
     * shared by every instance of the host. TH_ERR_INVALID_ARGUMENT if `info` is NULL or
     * info->size < 8; TH_ERR_NOT_FOUND if `id` was not interned. Thread-safe. @since 1.1
     */
    th_status (*instrument_set_info)(th_host_ctx* ctx, th_instrument id, const th_instrument_info* info);
    /**
     * Read the metadata of `id` into `out` (caller-owned). The caller sets out->size to its
     * sizeof(th_instrument_info) (and zeroes the struct); the host writes
     * min(out->size, sizeof) bytes and sets out->size to the number written, so fields the
     * host does not know keep the caller's zero. TH_ERR_NOT_FOUND if none was registered for
     * `id`; TH_ERR_INVALID_ARGUMENT if `out` is NULL or out->size < 8. Thread-safe. @since 1.1
     */
    th_status (*instrument_get_info)(th_host_ctx* ctx, th_instrument id, th_instrument_info* out);
} th_host_api;

/**
 * True if `api` is large enough to contain `member`: test it before calling a member added
 * after 1.0, e.g. `if (TH_HOST_HAS(api, instrument_get_info)) ...` for the 1.1 members
 * (a 1.0 host's table ends at instance_name). @since 1.0
 */
#define TH_HOST_HAS(api, member) \
    ((api)->size >= offsetof(th_host_api, member) + sizeof((api)->member))

/* ------------------------------------------------------------------------------------ */
/* The plugin                                                                            */
/* ------------------------------------------------------------------------------------ */

/** Plugin flags. @since 1.0 */
enum {
    /** The library must never be unloaded (it starts runtimes such as CUDA). */
    TH_PLUGIN_NEVER_UNLOAD = 1u << 0
};

/**
 * The one exported symbol of a plugin: `TH_PLUGIN_EXPORT const th_plugin_entry
 * tradehost_plugin_entry = {...}`. The host reads `abi_major`, `abi_minor` and `size` first; a
 * different major is refused before any function here is called.
 *
 * Lifecycle of one instance, each call on the instance's executor thread unless noted:
 *   create -> start -> (on_event | on_timer)* -> stop -> destroy
 * with snapshot/restore (optional) used by hot reload between stop of the old and start of
 * the new instance. The host never calls one instance concurrently.
 * @since 1.0
 */
typedef struct th_plugin_entry {
    uint16_t abi_major;          /**< TH_ABI_VERSION_MAJOR the plugin was built with */
    uint16_t abi_minor;          /**< TH_ABI_VERSION_MINOR the plugin was built with */
    uint32_t size;               /**< sizeof(th_plugin_entry) as compiled by the plugin */

    const char* name;            /**< unique plugin name, [a-z0-9_]+ */
    const char* version;         /**< the plugin's own semantic version */
    const char* kind;            /**< feed | strategy | risk | broker | model | sink | other */
    const char* description;     /**< one line */
    uint32_t flags;              /**< TH_PLUGIN_* */
    uint32_t port_count;
    const th_port_desc* ports;   /**< static array; stride is ports[0].size */
    uint32_t config_field_count;
    uint32_t reserved;
    const th_config_field* config_fields; /**< static array; stride is config_fields[0].size */

    /**
     * Create an instance from a validated config. `host`, `ctx` and `cfg` stay valid until
     * destroy. On failure return non-OK and optionally a message in `err` (`err_cap` bytes,
     * host-owned buffer); *out is then ignored. Thread: the host's control thread.
     */
    th_status (*create)(const th_host_api* host, th_host_ctx* ctx, const th_config* cfg,
                        th_instance** out, char* err, size_t err_cap);
    /** Free everything the instance owns. Never fails. Thread: control thread. */
    void (*destroy)(th_instance* inst);
    /** Begin work: start timers, open connections. Thread: the instance's executor. */
    th_status (*start)(th_instance* inst);
    /** Stop work; no publish after it returns. Thread: the instance's executor. */
    th_status (*stop)(th_instance* inst);
    /**
     * Deliver event `ev` (borrowed) that arrived on input port `port`. A non-OK status is
     * counted and logged with last_error; repeated errors isolate the instance by policy.
     * May be NULL only for a plugin without input ports. Thread: the instance's executor.
     */
    th_status (*on_event)(th_instance* inst, uint32_t port, const th_event_header* ev);
    /** A timer started with timer_start fired. May be NULL. Thread: the executor. */
    th_status (*on_timer)(th_instance* inst, uint64_t timer_id, th_time_ns now);
    /**
     * Text of the last failure on this instance, owned by the plugin, valid until the next
     * call on the same instance; NULL or "" if none. Thread: any, but not concurrently with
     * another call on the instance.
     */
    const char* (*last_error)(th_instance* inst);
    /**
     * Optional (NULL if unsupported): serialise state for hot reload. *data (owned by the
     * plugin) stays valid until the next call on the instance. Thread: the executor, after
     * stop.
     */
    th_status (*snapshot)(th_instance* inst, const void** data, uint64_t* len);
    /**
     * Optional: restore state from another version's snapshot (borrowed), before start.
     * Thread: the control thread.
     */
    th_status (*restore)(th_instance* inst, const void* data, uint64_t len);
} th_plugin_entry;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TRADEHOST_PLUGIN_H */
